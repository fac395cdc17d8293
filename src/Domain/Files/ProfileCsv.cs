using System.Globalization;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Domain.Files;

/// <summary>
/// Subscriber profiles as CSV, one per line after a header: what the generator writes beside its CDR file
/// (<c>--out cdrs.csv</c> gives <c>cdrs.subscribers.csv</c>) and what <c>replay --subscribers</c> and
/// <c>campaign backtest --subscribers</c> read. Two more columns may follow, with their header: <c>time_zone</c> (an
/// IANA id such as Europe/Madrid, or empty: from the number) and <c>marketing</c> (<c>yes</c>, or <c>no</c> for a
/// subscriber who gave no consent to marketing, whom no campaign offers anything).
/// </summary>
public static class ProfileCsv
{
    public const string Header = "msisdn,name,age,gender,region,operator,plan,tier,signup_date";

    /// <summary>The header with the consent columns.</summary>
    public const string FullHeader = Header + ",time_zone,marketing";

    /// <summary>The profile file that goes with a CDR file: cdrs.csv -> cdrs.subscribers.csv.</summary>
    public static string PathFor(string cdrPath) => Path.ChangeExtension(cdrPath, ".subscribers.csv");

    public static string Format(SubscriberProfile p) => string.Join(',',
        p.Msisdn, Clean(p.Name), p.Age.ToString(CultureInfo.InvariantCulture), p.Gender, Clean(p.HomeRegion), Clean(p.Operator),
        p.Plan, p.Tier, p.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A profile as a line under <see cref="FullHeader"/>, with its time zone and consent.</summary>
    public static string FormatFull(SubscriberProfile p) =>
        $"{Format(p)},{p.TimeZone},{(p.NoMarketing ? "no" : "yes")}";

    /// <summary>
    /// Reads profiles after the header; a wrong header throws <see cref="FormatException"/>, bad lines are collected with
    /// <paramref name="source"/>'s file name, their line number and reason, and the rest are read.
    /// </summary>
    public static IEnumerable<SubscriberProfile> Read(TextReader reader, string source, List<string> errors)
    {
        var header = reader.ReadLine()?.Trim();
        if (header != Header && header != FullHeader)
        {
            throw new FormatException($"{source}: the first line must be the header {Header} (or {FullHeader}); found '{header}'");
        }
        var fields = header == Header ? 9 : 11;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (Parse(line, out var error, fields) is { } profile)
            {
                yield return profile;
            }
            else
            {
                errors.Add($"{Path.GetFileName(source)} line {lineNumber}: {error}");
            }
        }
    }

    public static SubscriberProfile? Parse(string line, out string? error, int fields = 9)
    {
        var f = line.Split(',');
        error = null;
        if (f.Length != fields)
        {
            error = $"expected {fields} fields ({(fields == 9 ? Header : FullHeader)}), found {f.Length}";
        }
        else if (fields == 11 && f[9].Trim().Length > 0 && !SubscriberZones.IsKnown(f[9].Trim()))
        {
            error = $"time_zone '{f[9]}' is not a time zone; give an IANA id such as Europe/Madrid, or leave it empty (from the number)";
        }
        else if (fields == 11 && f[10].Trim().ToLowerInvariant() is not ("yes" or "no" or ""))
        {
            error = $"marketing '{f[10]}' is not yes or no (no: the subscriber gave no consent; empty: yes)";
        }
        else if (!Msisdn.IsValid(f[0]))
        {
            error = $"msisdn '{f[0]}' is not an E.164 number such as +447700900123";
        }
        else if (!int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var age) || age > 150)
        {
            error = $"age '{f[2]}' is not a whole number from 0 to 150";
        }
        else if (!Enum.TryParse<Gender>(f[3], true, out var gender) || !Enum.IsDefined(gender))
        {
            error = $"gender '{f[3]}' is not one of {string.Join(", ", Enum.GetNames<Gender>())}";
        }
        else if (!Enum.TryParse<Plan>(f[6], true, out var plan) || !Enum.IsDefined(plan))
        {
            error = $"plan '{f[6]}' is not one of {string.Join(", ", Enum.GetNames<Plan>())}";
        }
        else if (!Enum.TryParse<Tier>(f[7], true, out var tier) || !Enum.IsDefined(tier))
        {
            error = $"tier '{f[7]}' is not one of {string.Join(", ", Enum.GetNames<Tier>())}";
        }
        else if (!DateOnly.TryParseExact(f[8], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var signup))
        {
            error = $"signup_date '{f[8]}' is not a date such as 2024-05-31";
        }
        else
        {
            return new SubscriberProfile(f[0], f[1], age, gender, f[4], f[5], plan, tier, signup,
                fields == 11 && f[9].Trim().Length > 0 ? f[9].Trim() : null, fields == 11 && f[10].Trim().Equals("no", StringComparison.OrdinalIgnoreCase));
        }
        return null;
    }

    private static string Clean(string text) => text.Replace(',', ' ');
}
