using System.CommandLine;
using System.Globalization;
using Cdr.Orleans.Contracts.Campaigns;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary><c>policy show</c> and <c>policy set</c>: the contact policy above every campaign (docs/contact-policy.md).</summary>
public static class PolicyCommands
{
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print JSON instead of a table" };

    public static Command Build(Func<ParseResult, CancellationToken, Func<IClusterClient, Task<int>>, Task<int>> withCluster)
    {
        var show = new Command("show", "The contact policy in force.") { AsJson };
        show.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var policy = await client.GetGrain<ICampaignRegistryGrain>(0).GetPolicyAsync();
            var results = await client.GetGrain<Contracts.Stats.IStatsGrain>(0).GetCampaignResultsAsync();
            Print(policy, parse.GetValue(AsJson), Domain.Campaigns.CampaignUplift.Programme(results.Values), results.Values.Sum(r => r.GlobalControl));
            return 0;
        }));

        var perDay = new Option<int?>("--max-per-day") { Description = "Offers sent to a subscriber per local day at most, over all campaigns (0: no cap)" };
        var perWeek = new Option<int?>("--max-per-week") { Description = "... per seven local days (0: no cap)" };
        var quiet = new Option<string?>("--quiet-hours") { Description = "No offer in this span of the subscriber's local time, e.g. 21:00-08:00 ('none': no quiet hours)" };
        var control = new Option<double?>("--global-control") { Description = "Share of subscribers no campaign contacts, e.g. 0.05 (0: none)" };
        var set = new Command("set", "Change the contact policy; what is not given stays as it is. Silos apply it within a second.")
        {
            perDay, perWeek, quiet, control, AsJson,
        };
        set.SetAction((parse, cancellationToken) => withCluster(parse, cancellationToken, async client =>
        {
            var registry = client.GetGrain<ICampaignRegistryGrain>(0);
            var current = await registry.GetPolicyAsync();
            var wanted = current with
            {
                MaxPerDay = parse.GetValue(perDay) ?? current.MaxPerDay,
                MaxPerWeek = parse.GetValue(perWeek) ?? current.MaxPerWeek,
                QuietHours = parse.GetValue(quiet) is { } q ? (q.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null : q) : current.QuietHours,
                GlobalControlShare = parse.GetValue(control) ?? current.GlobalControlShare,
            };
            var result = await registry.SetPolicyAsync(wanted);
            if (!result.Ok)
            {
                Console.Error.WriteLine("error: the policy is not accepted:");
                foreach (var error in result.Errors)
                {
                    Console.Error.WriteLine($"  - {error}");
                }
                return ClientCommands.ExitBadInput;
            }
            Print(result.Policy!, parse.GetValue(AsJson));
            return 0;
        }));
        return new Command("policy", "The contact policy above every campaign: caps over all campaigns, quiet hours, a global control group.") { show, set };
    }

    private static void Print(ContactPolicy policy, bool json, Domain.Campaigns.Uplift? programme = null, long heldOut = 0)
    {
        if (json)
        {
            Console.WriteLine(Json.Write(new { policy, programmeUplift = programme }));
            return;
        }
        var table = new Table().HideHeaders().AddColumns("", "").Title($"contact policy (revision {policy.Revision})");
        table.AddRow("offers per subscriber per local day", policy.MaxPerDay is > 0 ? $"at most {policy.MaxPerDay}" : "no cap");
        table.AddRow("... per seven local days", policy.MaxPerWeek is > 0 ? $"at most {policy.MaxPerWeek}" : "no cap");
        table.AddRow("quiet hours (local time)", Markup.Escape(policy.QuietHours ?? "none"));
        table.AddRow("global control group", policy.GlobalControlShare > 0 ? policy.GlobalControlShare.ToString("0.##%", CultureInfo.InvariantCulture) : "none");
        table.AddRow("opted out (STOP, no consent)", "never offered");
        if (policy.GlobalControlShare > 0)
        {
            table.AddRow("programme uplift", programme is { } u
                ? $"{u.Difference * 100:+0.0;-0.0} points ({u.Treated:P1} of offers sent accepted vs {u.Baseline:P1} of {heldOut:N0} global-control decisions converted; " +
                  $"95% CI {u.Low * 100:+0.0;-0.0} to {u.High * 100:+0.0;-0.0}{(u.Significant ? ", significant" : ", not significant")})"
                : "not measured yet (needs offers sent and global-control subscribers held out)");
        }
        if (policy.Revision > 0)
        {
            table.AddRow("changed", policy.ChangedUtc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
    }
}
