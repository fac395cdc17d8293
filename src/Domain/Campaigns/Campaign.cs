using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Rules;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>
/// A campaign compiled for evaluation: its eligibility and trigger as delegates, its caps as values. Made once per
/// campaign revision (per silo), then shared by every subscriber grain on that silo.
/// </summary>
public sealed class Campaign
{
    private Campaign(CampaignRecord record, CompiledRule eligibility, CompiledRule trigger, CampaignTally tally)
    {
        var definition = record.Definition;
        Record = record;
        Eligibility = eligibility;
        Trigger = trigger;
        ReadsEvents = RuleCompiler.ReadsEvents(eligibility.Terms.Concat(trigger.Terms));
        EveryoneEligible = eligibility.Text == CampaignValidator.NoCondition;
        Tally = tally;
        Period = CampaignValidator.PeriodOf(definition.Caps);
        Start = definition.Start ?? DateTime.MinValue;
        End = definition.End ?? DateTime.MaxValue;
        LocalSchedule = definition.Start?.Kind == DateTimeKind.Unspecified || definition.End?.Kind == DateTimeKind.Unspecified;
    }

    public CampaignRecord Record { get; }

    public CampaignDefinition Definition => Record.Definition;

    public string Id => Record.Definition.Id;

    public int Priority => Record.Definition.Priority;

    public CompiledRule Eligibility { get; }

    /// <summary>No eligibility condition: the evaluator skips calling it.</summary>
    public bool EveryoneEligible { get; }

    public CompiledRule Trigger { get; }

    /// <summary>Whether its rules read the operator's events: only then is it evaluated on an event (always on a CDR).</summary>
    public bool ReadsEvents { get; }

    public CampaignTally Tally { get; }

    /// <summary>The per-subscriber cap's period; null: the campaign's whole life.</summary>
    public TimeSpan? Period { get; }

    public DateTime Start { get; }

    public DateTime End { get; }

    public bool HasBudget => Definition.Caps?.Budget is not null;

    /// <summary>Set once the shared budget said no: this process stops asking until the campaign is recompiled.</summary>
    public bool BudgetExhausted { get; set; }

    /// <summary>Evaluations that threw, one after the other, after which this process stops evaluating the campaign.</summary>
    public const int QuarantineAfter = 100;

    private int failuresInARow;
    private volatile string? quarantineReason;

    /// <summary>
    /// Why this process stopped evaluating the campaign (its rules threw <see cref="QuarantineAfter"/> times in a row),
    /// or null. The silo then asks the registry to quarantine it cluster-wide.
    /// </summary>
    public string? QuarantineReason => quarantineReason;

    /// <summary>An evaluation of the campaign's rules threw: counted, and past the threshold the campaign is set aside.</summary>
    public void Failed(Exception error)
    {
        if (Interlocked.Increment(ref failuresInARow) >= QuarantineAfter && quarantineReason is null)
        {
            quarantineReason = $"its rules failed {QuarantineAfter} times in a row; the last: {error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>An evaluation went through: the failures in a row start again from 0 (a read, no write, when there were none).</summary>
    public void Succeeded()
    {
        if (failuresInARow != 0)
        {
            failuresInARow = 0;
        }
    }

    /// <summary>Compiles a campaign that <see cref="CampaignValidator"/> accepted; the errors otherwise.</summary>
    public static Campaign? TryCompile(CampaignRecord record, CampaignTally tally, out IReadOnlyList<string> errors)
    {
        errors = CampaignValidator.Validate(record.Definition);
        record = record with { Definition = CampaignValidator.Normalize(record.Definition) };
        if (errors.Count > 0)
        {
            return null;
        }
        var eligibilityText = CampaignValidator.EligibilityRule(record.Definition.Eligibility);
        if (!RuleCompiler.TryCompile(eligibilityText, out var eligibility, out var eligibilityError))
        {
            errors = [$"eligibility: {eligibilityError!.Message}"];
            return null;
        }
        if (!RuleCompiler.TryCompile(record.Definition.Trigger, out var trigger, out var triggerError))
        {
            errors = [$"trigger: {triggerError!.Message}"];
            return null;
        }
        return new Campaign(record, eligibility!, trigger!, tally);
    }

    /// <summary>
    /// Whether the schedule covers a CDR that started at <paramref name="cdrStartUtc"/>, <paramref name="local"/> in the
    /// subscriber's local time: a start or end written without an offset is the subscriber's wall-clock time
    /// (<see cref="LocalSchedule"/>), one with an offset or Z an instant.
    /// </summary>
    public bool RunsAt(DateTime cdrStartUtc, Func<DateTime> local)
    {
        if (!LocalSchedule)
        {
            return cdrStartUtc >= Start && cdrStartUtc <= End;
        }
        var at = local();
        return (Start.Kind == DateTimeKind.Unspecified ? at : cdrStartUtc) >= Start
            && (End.Kind == DateTimeKind.Unspecified ? at : cdrStartUtc) <= End;
    }

    /// <summary>Whether the start or the end is a local wall-clock time (written without an offset).</summary>
    public bool LocalSchedule { get; }
}
