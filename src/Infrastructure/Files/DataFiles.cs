using System.Text;
using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Callees;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Domain.Files;

namespace Cdr.Orleans.Infrastructure.Files;

/// <summary>
/// The files people give the engine, opened from a path: the file system side of the Domain's formats, which read a
/// <see cref="TextReader"/>. A missing file is one sentence that says what was expected there.
/// </summary>
public static class DataFiles
{
    /// <summary>Opens a text file; a missing one throws <see cref="FileNotFoundException"/> with "{path}: no such {what}; {expected}".</summary>
    public static StreamReader OpenText(string path, string expected, string what = "file") =>
        File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"{path}: no such {what}; {expected}", path);

    /// <summary>
    /// Feeds a CDR CSV (the engine's layout) to a backtest, line by line; each line that is not a CDR goes to
    /// <paramref name="rejected"/> and the rest goes on. A header that is not a CDR file's throws a FormatException saying so.
    /// </summary>
    public static void Backtest(CampaignBacktest backtest, TextReader reader, string source, Action<Domain.Cdrs.CdrRejection> rejected)
    {
        var layout = CdrCsv.ReadHeader(reader.ReadLine(), source);
        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (CdrCsv.Parse(layout, line, lineNumber, out var error) is { } cdr)
            {
                backtest.Apply(cdr);
            }
            else
            {
                rejected(error!);
            }
        }
    }

    /// <summary>A campaign JSON file; <paramref name="error"/> covers a missing file too.</summary>
    public static CampaignDefinition? ReadCampaign(string path, out string? error)
    {
        if (!File.Exists(path))
        {
            error = $"{path}: no such file; give the path of a campaign JSON file, e.g. campaigns/night-pack.json";
            return null;
        }
        return CampaignJson.Read(File.ReadAllText(path), path, out error);
    }

    /// <summary>A number directory file (<see cref="DirectoryCsv"/>).</summary>
    public static Dictionary<string, CalleeCategory> ReadDirectory(string path, string defaultCountry, List<string> errors)
    {
        using var reader = OpenText(path, $"give a CSV with the header {DirectoryCsv.Header}", "number directory file");
        return DirectoryCsv.Read(reader, Path.GetFileName(path), defaultCountry, errors);
    }

    /// <summary>A subscriber profile file (<see cref="ProfileCsv"/>), read lazily.</summary>
    public static IEnumerable<SubscriberProfile> ReadProfiles(string path, List<string> errors)
    {
        using var reader = OpenText(path, $"give a subscriber profile CSV with the header {ProfileCsv.Header}");
        foreach (var profile in ProfileCsv.Read(reader, path, errors))
        {
            yield return profile;
        }
    }

    /// <summary>A new CDR CSV file with its header; buffered, dispose it to flush.</summary>
    public static StreamWriter CreateCdrFile(string path)
    {
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        writer.WriteLine(CdrCsv.Header);
        return writer;
    }
}
