using Cdr.Orleans.Contracts.Callees;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Silo.Demo;

/// <summary>
/// What the web console's load page changes in this silo's demo while it runs (the replaced system's workload form):
/// the rate, the callee category the directory leans to, and whether the simulated subscribers answer offers.
/// <see cref="DemoLoad"/> picks each change up at once.
/// </summary>
public sealed class DemoControl(IOptions<DemoOptions> options)
{
    public const double MaxRate = 100_000;

    private readonly Lock gate = new();
    private CancellationTokenSource changed = new();

    public double Rate { get; private set; } = options.Value.Rate;

    /// <summary>The category the business directory leans to (more of its numbers, so more calls to it); null: none.</summary>
    public CalleeCategory? Skew { get; private set; }

    public bool Answering { get; private set; } = true;

    public int Subscribers => options.Value.Subscribers;

    /// <summary>Cancelled when something changes: the load and the responder start again with the new values.</summary>
    public CancellationToken Changed
    {
        get
        {
            lock (gate)
            {
                return changed.Token;
            }
        }
    }

    /// <summary>Applies a change; the error says what is wrong and what is accepted, and then nothing changes.</summary>
    public string? Apply(double? rate, string? skew, bool? answering)
    {
        if (rate is { } r && (r is < 0 or > MaxRate || double.IsNaN(r)))
        {
            return $"rate: {r} is not accepted; give 0 (paused) to {MaxRate:0} CDRs per second";
        }
        CalleeCategory? category = null;
        if (skew is { Length: > 0 } name && name != "none")
        {
            if (!Enum.TryParse<CalleeCategory>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(name, out _))
            {
                return $"skew: '{name}' is not a callee category; accepted: none, {string.Join(", ", Enum.GetNames<CalleeCategory>())}";
            }
            category = parsed;
        }
        CancellationTokenSource old;
        lock (gate)
        {
            Rate = rate ?? Rate;
            Skew = skew is null ? Skew : category;
            Answering = answering ?? Answering;
            old = changed;
            changed = new CancellationTokenSource();
        }
        old.Cancel();
        old.Dispose();
        return null;
    }
}
