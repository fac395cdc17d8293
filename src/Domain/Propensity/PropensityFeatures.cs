using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain.Propensity;

/// <summary>
/// The features a propensity model sees, from the subscriber's state as it is at one moment (right after folding the
/// CDR a decision is made on): the same code for training examples and for scoring, so the two never drift. Counts
/// and amounts with long tails enter as log(1 + x). The table of what each column is: docs/propensity.md.
/// </summary>
public static class PropensityFeatures
{
    private static readonly string[] Windows = ["1h", "24h", "7d", "30d"];

    private static readonly string[] PerWindow = ["Calls", "VoiceMinutes", "Sms", "DataMB", "Spend", "International", "Dropped", "NightShare"];

    private static readonly CategoryTag[] Tags = [.. Enum.GetValues<CategoryTag>().Where(t => t != CategoryTag.Private)];

    /// <summary>The column names, in order. A stored model carries them; one trained on other columns is refused.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Windows.SelectMany(w => PerWindow.Select(f => $"{w}.{f}")),
        "Share.Night", "Share.Morning", "Share.Afternoon", "Share.Evening",
        "Tier", "Postpaid", "Age", "TenureDays",
        .. Tags.Select(t => $"TopTag.{t}"),
        "ReceivedPerOriginated", "DataShare", "DistinctCallees", "AnsweredShare", "RoamingShare", "LifetimeEvents",
    ];

    public static int Count => Names.Count;

    /// <summary>The feature vector of <paramref name="state"/> now (its windows end at its latest originated CDR).</summary>
    public static float[] Of(SubscriberState state)
    {
        var x = new float[Count];
        var i = 0;
        foreach (var window in state.Windows.Totals())
        {
            x[i++] = window.Calls;
            x[i++] = Log(window.VoiceMinutes);
            x[i++] = window.Sms;
            x[i++] = Log(window.DataBytes / 1_048_576.0);
            x[i++] = Log((double)window.Spend);
            x[i++] = window.International;
            x[i++] = window.Dropped;
            x[i++] = (float)window.NightShare;
        }
        double parts = state.PartOfDay.Sum();
        for (var p = 0; p < 4; p++)
        {
            x[i++] = parts == 0 ? 0 : (float)(state.PartOfDay[p] / parts);
        }
        var profile = state.Profile;
        x[i++] = profile is null ? 0 : (float)profile.Tier;
        x[i++] = profile?.Plan == Plan.Postpaid ? 1 : 0;
        x[i++] = profile?.Age ?? 0;
        x[i++] = profile is null || state.Windows.Watermark == default
            ? 0
            : Log(Math.Max(0, state.Windows.Watermark.Date.Subtract(profile.SignupDate.ToDateTime(TimeOnly.MinValue)).TotalDays));
        var topTag = state.TopTag;
        foreach (var tag in Tags)
        {
            x[i++] = topTag == tag ? 1 : 0;
        }
        double originated = state.VoiceCalls + state.SmsCount;
        double events = originated + state.DataSessions;
        x[i++] = (float)((state.IncomingCalls + state.IncomingSms) / Math.Max(1, originated));
        x[i++] = events == 0 ? 0 : (float)(state.DataSessions / events);
        x[i++] = Log(state.TopCallees?.Distinct ?? state.Callees.Count);
        x[i++] = state.VoiceCalls == 0 ? 0 : (float)((double)state.Answered / state.VoiceCalls);
        x[i++] = events == 0 ? 0 : (float)(state.Roaming / events);
        x[i++] = Log(events);
        return x;
    }

    private static float Log(double value) => (float)Math.Log(1 + Math.Max(0, value));
}
