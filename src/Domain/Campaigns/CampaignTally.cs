using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// One campaign's decision counters in this process. Every CDR bumps "evaluated" for every active campaign, so the
/// counters are striped by processor, one 64-byte line each: cores do not fight over one cache line.
/// </summary>
public sealed class CampaignTally
{
    public enum Counter { Evaluated = 0, Eligible, Triggered, Capped, Superseded, HeldOut, Sent, RuleErrors }

    private const int LineLongs = 8; // 64 bytes: one stripe of all eight counters per cache line
    private readonly int stripes = Math.Max(1, Environment.ProcessorCount);
    private readonly long[] cells;

    public CampaignTally() => cells = new long[(stripes + 1) * LineLongs];

    public void Add(Counter counter)
    {
        var stripe = Thread.GetCurrentProcessorId() % stripes + 1; // line 0 is padding against the array header
        Interlocked.Increment(ref cells[stripe * LineLongs + (int)counter]);
    }

    /// <summary>The counts so far (responses are counted elsewhere and are zero here).</summary>
    public CampaignResults Snapshot()
    {
        var sums = new long[LineLongs];
        for (var stripe = 1; stripe <= stripes; stripe++)
        {
            for (var i = 0; i < LineLongs; i++)
            {
                sums[i] += Interlocked.Read(ref cells[stripe * LineLongs + i]);
            }
        }
        return new CampaignResults(
            Evaluated: sums[(int)Counter.Evaluated], Eligible: sums[(int)Counter.Eligible], Triggered: sums[(int)Counter.Triggered],
            Capped: sums[(int)Counter.Capped], Superseded: sums[(int)Counter.Superseded], HeldOut: sums[(int)Counter.HeldOut],
            Sent: sums[(int)Counter.Sent], Accepted: 0, Declined: 0, ControlConverted: 0, RuleErrors: sums[(int)Counter.RuleErrors]);
    }
}
