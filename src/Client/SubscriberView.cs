using System.Globalization;
using Cdr.Orleans.Contracts.Subscribers;
using Spectre.Console;

namespace Cdr.Orleans.Client;

/// <summary>A subscriber as readable tables.</summary>
public static class SubscriberView
{
    /// <summary>What the operator's events said: balance, top-ups, bundle, roaming, device.</summary>
    private static void RenderAccount(AccountSummary a)
    {
        static string When(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";
        static string Money(decimal? amount) => amount is { } m ? m.ToString("N2", CultureInfo.InvariantCulture) : "-";
        var table = new Table().Title($"account ({N(a.Events)} operator events, the latest {Markup.Escape(a.LastEvent ?? "-")} at {When(a.LastEventUtc)})").HideHeaders().AddColumns("", "");
        table.AddRow("balance", a.Balance is null ? "not reported" : $"{Money(a.Balance)} at {When(a.BalanceUtc)}");
        table.AddRow("top-ups", a.TopUps == 0 ? "none"
            : $"{N(a.TopUps)} totalling {Money(a.TopUpAmount)}; the latest {Money(a.LastTopUpAmount)} at {When(a.LastTopUpUtc)}; usually at a balance of {Money(a.AverageBalanceBeforeTopUp)}");
        table.AddRow("data bundle", a.BundleAllowanceBytes is { } allowance
            ? $"{a.BundleUsedBytes / 1e6:N0} of {allowance / 1e6:N0} MB used ({(double)a.BundleUsedBytes!.Value / allowance:P0}), renews {When(a.BundleRenewalUtc)}"
            : "none reported");
        table.AddRow("roaming", a.VisitedCountry is { } country ? $"in {Markup.Escape(country)} since {When(a.RoamingSinceUtc)}; {N(a.Trips)} trips" : $"at home; {N(a.Trips)} trips");
        table.AddRow("device", a.Device is { } device ? $"{Markup.Escape(device)} ({N(a.DeviceChanges)} changes)" : "not reported");
        AnsiConsole.Write(table);
    }

    public static void Render(SubscriberSnapshot s)
    {
        var p = s.Profile;
        AnsiConsole.Write(new Rule($"[bold]{s.Msisdn}[/]{(p is null ? "" : $"  {Markup.Escape(p.Name)}")}").LeftJustified());
        if (p is not null)
        {
            var profile = new Table().HideHeaders().AddColumns("", "");
            profile.AddRow("age / gender", $"{p.Age} / {p.Gender}");
            profile.AddRow("region / operator", $"{Markup.Escape(p.HomeRegion)} / {Markup.Escape(p.Operator)}");
            profile.AddRow("plan / tier", $"{p.Plan} / {p.Tier}");
            profile.AddRow("signed up", p.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            profile.AddRow("time zone", Markup.Escape(s.TimeZone ?? "UTC") + (p.TimeZone is null ? " (from the number)" : ""));
            profile.AddRow("marketing", Marketing(s));
            AnsiConsole.Write(profile);
        }
        else
        {
            AnsiConsole.MarkupLine($"[grey]no profile loaded[/]; time zone {Markup.Escape(s.TimeZone ?? "UTC")} (from the number); marketing: {Marketing(s)}");
        }

        var t = s.Totals;
        var totals = new Table().Title("totals").AddColumns("", "out", "in");
        totals.AddRow("voice calls", N(t.VoiceCalls), N(t.IncomingCalls));
        totals.AddRow("voice minutes", (t.VoiceSeconds / 60.0).ToString("N1", CultureInfo.InvariantCulture), (t.IncomingSeconds / 60.0).ToString("N1", CultureInfo.InvariantCulture));
        totals.AddRow("SMS", N(t.SmsCount), N(t.IncomingSms));
        totals.AddRow("data sessions / MB", $"{N(t.DataSessions)} / {t.DataBytes / 1e6:N1}", "");
        totals.AddRow("spend", t.Spend.ToString("N2", CultureInfo.InvariantCulture), "");
        totals.AddRow("answered / busy / no answer / dropped", $"{N(t.Answered)} / {N(t.Busy)} / {N(t.NoAnswer)} / {N(t.Dropped)}", "");
        totals.AddRow("international / roaming", $"{N(t.International)} / {N(t.Roaming)}", "");
        AnsiConsole.Write(totals);
        if (s.Account is { } account)
        {
            RenderAccount(account);
        }

        var windows = new Table()
            .Title($"windows, as of {(s.LastEventUtc is { } last ? last.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-")} (latest CDR)")
            .AddColumns("window", "calls", "voice min", "SMS", "data #", "data MB", "spend", "intl", "drops", "night %");
        foreach (var w in s.Windows)
        {
            windows.AddRow(w.Window, N(w.Calls), w.VoiceMinutes.ToString("N1", CultureInfo.InvariantCulture), N(w.Sms), N(w.DataSessions),
                (w.DataBytes / 1e6).ToString("N1", CultureInfo.InvariantCulture), w.Spend.ToString("N2", CultureInfo.InvariantCulture),
                N(w.International), N(w.Dropped), (w.NightShare * 100).ToString("N0", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(windows);

        var d = s.TimeOfDay;
        AnsiConsole.Write(new BarChart().Label($"time of day (share of CDRs, local time {Markup.Escape(s.TimeZone ?? "UTC")})").Width(60)
            .AddItem("night 22-5", Math.Round(d.Night * 100, 1), Color.Blue)
            .AddItem("morning 5-12", Math.Round(d.Morning * 100, 1), Color.Yellow)
            .AddItem("afternoon 12-17", Math.Round(d.Afternoon * 100, 1), Color.Orange1)
            .AddItem("evening 17-22", Math.Round(d.Evening * 100, 1), Color.Purple));
        AnsiConsole.MarkupLine(s.BestTimeToCall is { } best
            ? $"best time to call: [bold]{best.Day} {best.Hour:00}:00-{best.Hour + 1:00}:00 local time[/] ({best.AnsweredCalls} answered calls)"
            : "best time to call: not known yet (no answered calls)");

        if (s.Callees is { } mix)
        {
            AnsiConsole.MarkupLine($"calls most: [bold]{Markup.Escape(mix.TopCategory)}[/] ({Markup.Escape(mix.TopTag)}); calls + SMS by tag: " +
                (mix.CallsByTag.Count == 0 ? "none yet" : string.Join(", ", mix.CallsByTag.OrderByDescending(t => t.Value).Select(t => $"{Markup.Escape(t.Key)} {N(t.Value)}"))));
        }

        var callees = new Table().Title($"top callees ({s.DistinctCallees} distinct)").AddColumns("number", "calls + SMS");
        foreach (var c in s.TopCallees)
        {
            callees.AddRow(c.Msisdn, N(c.Count));
        }
        AnsiConsole.Write(callees);

        if (s.RecentOffers is { Count: > 0 } offers)
        {
            var table = new Table().Title("recent offers").AddColumns("CDR time (UTC)", "campaign", "outcome", "offer", "id");
            foreach (var o in offers.Reverse())
            {
                var outcome = CampaignCommands.Lower(o.Outcome) + (o.Policy is { } rule ? $" ({rule})" : "");
                table.AddRow($"{o.CdrStartUtc:yyyy-MM-dd HH:mm}", Markup.Escape(o.CampaignId), outcome, Markup.Escape(o.OfferCode), o.Id);
            }
            AnsiConsole.Write(table);
        }
        else
        {
            AnsiConsole.MarkupLine("recent offers: none");
        }
        if (s.Propensities is { Count: > 0 } scores)
        {
            var table = new Table().Title("propensity (each campaign's model, now)").AddColumns("campaign", "score");
            foreach (var (campaign, score) in scores.OrderByDescending(x => x.Value))
            {
                table.AddRow(Markup.Escape(campaign), score.ToString("0.000", CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLine($"[grey]{N(s.CdrsApplied)} CDRs applied[/]");
    }

    private static string Marketing(SubscriberSnapshot s) =>
        s.OptedOutUtc is { } at ? $"[red]opted out[/] (STOP, {at:yyyy-MM-dd HH:mm}Z): never offered"
        : s.Profile?.NoMarketing == true ? "[red]no consent[/] (profile): never offered"
        : "allowed";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
