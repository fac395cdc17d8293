using System.Globalization;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Streams;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Generator.Publishing;
using Cdr.Orleans.Generator.Running;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// A pipe file as the replaced system's own generator writes it (results spelled AWNSERED and Busy, callees in random
/// calling codes that are not possible numbers, callers such as +236-671-277-6788 whose length their plan does not
/// know), replayed through the cluster.
/// </summary>
[Collection(ClusterFixture.Collection)]
public sealed class LegacyReplayTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Given_the_replaced_generators_pipe_file_When_replayed_Then_every_line_is_kept_and_every_callers_totals_are_exact()
    {
        var path = Path.Combine(Path.GetTempPath(), $"legacy-{Guid.NewGuid():N}.txt");
        var lines = LegacyPipeFile(seed: 5, callers: 40, count: 3_000, start: DateTime.UtcNow.AddDays(-2));
        await File.WriteAllLinesAsync(path, lines);
        var before = await fixture.StatsAsync();
        try
        {
            var publisher = new CdrPublisher(fixture.Client.GetStreamProvider(CdrStreamOptions.ProviderName), fixture.Streams);
            var summary = await new ReplayRunner(publisher).RunAsync(path, 0, null, null, CancellationToken.None);
            // Each silo reports what it counted: the notes (where the partitions run) and the applied records (where the
            // subscribers run) can come in different reports.
            long Noted(ClusterStats s, string note) => (s.Notes?.GetValueOrDefault(note) ?? 0) - (before.Notes?.GetValueOrDefault(note) ?? 0);
            await fixture.UntilAsync(s => s.CdrsApplied >= before.CdrsApplied + summary.Published && Noted(s, CdrIntake.CalleeNotANumber) > 0
                && Noted(s, CdrIntake.NumberNotInPlan) > 0, $"{summary.Published} CDRs applied, some noted as {CdrIntake.CalleeNotANumber} and as {CdrIntake.NumberNotInPlan}");

            Assert.True(summary.Published == lines.Count, $"kept {summary.Published} of {lines.Count}; rejected {string.Join(", ", summary.Rejected)}");
            foreach (var (caller, expected) in CountIndependently(lines))
            {
                var snapshot = await fixture.Client.GetGrain<ISubscriberGrain>(caller).GetSnapshotAsync();
                var t = snapshot!.Totals;
                Assert.Equal(expected, (t.VoiceCalls, t.VoiceSeconds, t.SmsCount, t.Answered, t.Busy, t.Spend));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// personId|callingNumber|callId|calledNumber|start|durationSec|type|charge|result, with the spellings and numbers
    /// of that generator: 80% AWNSERED, then Busy and NO ANSWER; callees "+" a random 1 to 3 digit code and 4 to 12 digits;
    /// a quarter of the callers in its international form, +CCC-NNN-NNN-NNNN, of lengths their plans do not know.
    /// </summary>
    private static readonly int[] Codes = [236, 1, 353, 880, 44, 971];

    private static List<string> LegacyPipeFile(int seed, int callers, int count, DateTime start)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var person = random.Next(callers);
            var caller = person % 4 == 0 ? $"+{Codes[person % Codes.Length]}-{671 + person}-277-{6788 + person}" : $"07700 9{person:00000}";
            var callee = $"+{random.Next(1, 1000)}{random.NextInt64(1_000, 999_999_999_999)}";
            var at = start.AddSeconds(i * 17);
            var sms = random.NextDouble() < 0.3;
            var result = random.NextDouble() switch { < 0.8 => "AWNSERED", < 0.9 => "Busy", _ => "NO ANSWER" };
            var seconds = sms || result != "AWNSERED" ? 0 : random.Next(1, 3_600);
            var charge = (random.Next(0, 500) / 100m).ToString(CultureInfo.InvariantCulture);
            lines.Add($"p{person}|{caller}|leg-{seed}-{i}|{callee}|{at.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture)}|{seconds}|{(sms ? "SMS" : "VOICE")}|{charge}|{result}");
        }
        return lines;
    }

    /// <summary>Per caller, counted from the text alone: voice calls, their seconds, SMS, answered, busy, spend.</summary>
    private static Dictionary<string, (long, long, long, long, long, decimal)> CountIndependently(List<string> lines)
    {
        var totals = new Dictionary<string, (long Voice, long Seconds, long Sms, long Answered, long Busy, decimal Spend)>();
        foreach (var f in lines.Select(l => l.Split('|')))
        {
            var caller = f[1].StartsWith('+') ? "+" + string.Concat(f[1].Where(char.IsAsciiDigit)) : "+44" + f[1].Replace(" ", "", StringComparison.Ordinal)[1..];
            var t = totals.GetValueOrDefault(caller);
            var voice = f[6] == "VOICE";
            totals[caller] = (t.Voice + (voice ? 1 : 0), t.Seconds + (voice ? int.Parse(f[5], CultureInfo.InvariantCulture) : 0), t.Sms + (voice ? 0 : 1),
                t.Answered + (f[8] == "AWNSERED" ? 1 : 0), t.Busy + (f[8] == "Busy" ? 1 : 0), t.Spend + decimal.Parse(f[7], CultureInfo.InvariantCulture));
        }
        return totals.ToDictionary(t => t.Key, t => (t.Value.Voice, t.Value.Seconds, t.Value.Sms, t.Value.Answered, t.Value.Busy, t.Value.Spend));
    }
}
