using Cdr.Orleans.Cluster;
using System.CommandLine;
using System.Globalization;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Files;
using Cdr.Orleans.Infrastructure.Files;

namespace Cdr.Orleans.Client;

/// <summary>
/// <c>subscriber load FILE</c> and <c>subscriber set MSISDN --field value...</c>: subscriber profiles from the customer
/// base, loaded or changed from the console (docs/console.md). Both check a profile as the profile file does.
/// </summary>
public static class ProfileCommands
{
    public static Command Load(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var file = new Argument<string>("file") { Description = $"Profile CSV with the header {ProfileCsv.Header} (optionally ,time_zone,marketing)" };
        var command = new Command("load", "Load (or update) subscriber profiles from a CSV file; lines that cannot be read are listed and the rest loaded.") { file };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var errors = new List<string>();
            List<SubscriberProfile> profiles;
            try
            {
                profiles = [.. DataFiles.ReadProfiles(path, errors)];
            }
            catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            foreach (var error in errors.Take(20))
            {
                Console.Error.WriteLine($"refused: {error}");
            }
            if (profiles.Count == 0)
            {
                Console.Error.WriteLine($"error: {path} holds no profile that can be loaded ({errors.Count:N0} lines refused)");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            return withCluster(parse, cancellationToken, async client =>
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await ProfileLoader.LoadAsync(client, profiles, null, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loaded {profiles.Count:N0} profiles from {Path.GetFileName(path)} in {watch.Elapsed.TotalSeconds:N1} s") +
                    (errors.Count > 0 ? $"; {errors.Count:N0} lines refused (the first {Math.Min(20, errors.Count)} above)" : ""));
                return errors.Count > 0 ? ClientCommands.ExitBadInput : 0;
            });
        });
        return command;
    }

    public static Command Set(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster, Argument<string> msisdn)
    {
        var name = new Option<string?>("--name");
        var age = new Option<int?>("--age");
        var gender = new Option<string?>("--gender") { Description = string.Join(", ", Enum.GetNames<Gender>()) };
        var region = new Option<string?>("--region");
        var carrier = new Option<string?>("--operator");
        var plan = new Option<string?>("--plan") { Description = string.Join(", ", Enum.GetNames<Plan>()) };
        var tier = new Option<string?>("--tier") { Description = string.Join(", ", Enum.GetNames<Tier>()) };
        var signup = new Option<string?>("--signup") { Description = "Signup date, e.g. 2024-05-31" };
        var zone = new Option<string?>("--time-zone") { Description = "IANA time zone such as Europe/Madrid; 'auto': from the number" };
        var marketing = new Option<string?>("--marketing") { Description = "yes, or no: the subscriber gave no consent to marketing" };
        var command = new Command("set", "Change a subscriber's profile; what is not given stays as it is. A subscriber without a profile needs every field but the last two.")
        {
            msisdn, name, age, gender, region, carrier, plan, tier, signup, zone, marketing,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var number = parse.GetValue(msisdn)!.Trim();
            Option[] fields = [name, age, gender, region, carrier, plan, tier, signup, zone, marketing];
            if (!fields.Any(f => parse.GetResult(f) is not null))
            {
                Console.Error.WriteLine("error: give at least one field to change: --name, --age, --gender, --region, --operator, --plan, --tier, --signup, --time-zone, --marketing");
                return Task.FromResult(ClientCommands.ExitBadInput);
            }
            return withCluster(parse, cancellationToken, async client =>
            {
                var subscriber = client.GetGrain<ISubscriberGrain>(number);
                var current = (await subscriber.GetSnapshotAsync())?.Profile;
                var missing = current is not null ? [] : fields[..8].Where(f => parse.GetResult(f) is null).Select(f => f.Name).ToList();
                if (missing.Count > 0)
                {
                    Console.Error.WriteLine($"error: {number} has no profile yet, so every field is needed; missing: {string.Join(", ", missing)} (or load a file: subscriber load FILE.csv)");
                    return ClientCommands.ExitBadInput;
                }
                // A comma would split the line: it becomes a space, as the profile file writes names.
                string Text(Option<string?> option, string? was) => (parse.GetValue(option)?.Trim() ?? was ?? "").Replace(',', ' ');
                var timeZone = parse.GetValue(zone)?.Trim() is { } z ? (z.Equals("auto", StringComparison.OrdinalIgnoreCase) ? "" : z) : current?.TimeZone ?? "";
                var consent = parse.GetValue(marketing)?.Trim() ?? (current?.NoMarketing == true ? "no" : "yes");
                // The same checks as a line of the profile file: one definition of a valid profile.
                var line = string.Join(',', number, Text(name, current?.Name), parse.GetValue(age)?.ToString(CultureInfo.InvariantCulture) ?? current?.Age.ToString(CultureInfo.InvariantCulture),
                    Text(gender, current?.Gender.ToString()), Text(region, current?.HomeRegion), Text(carrier, current?.Operator), Text(plan, current?.Plan.ToString()),
                    Text(tier, current?.Tier.ToString()), Text(signup, current?.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), timeZone, consent);
                if (ProfileCsv.Parse(line, out var error, fields: 11) is not { } profile)
                {
                    Console.Error.WriteLine($"error: {error}");
                    return ClientCommands.ExitBadInput;
                }
                await subscriber.SetProfileAsync(profile);
                Console.WriteLine($"{number}: profile {(current is null ? "created" : "updated")}: {ProfileCsv.FormatFull(profile)}");
                return 0;
            });
        });
        return command;
    }
}
