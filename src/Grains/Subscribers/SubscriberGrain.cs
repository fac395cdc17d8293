using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Cdrs;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;
using Cdr.Orleans.Domain;
using Cdr.Orleans.Domain.Text;
using Cdr.Orleans.Grains.Campaigns;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Grains.Subscribers;

/// <summary>
/// One subscriber: Orleans glue around the Domain. <see cref="SubscriberBatches"/> says whether a batch is folded,
/// <see cref="SubscriberFold"/> folds each CDR into the state, <see cref="CampaignDecider"/> decides on offers right
/// after each CDR it originated; the grain hands decisions to the <see cref="OfferOutbox"/>, counts the traffic, and
/// writes its state to grain storage as <see cref="EngineOptions.StateWrites"/> says: before returning (nothing
/// acknowledged is unstored), when its partitions checkpoint, or when the activation ends.
/// <para>
/// The state is read in <see cref="OnActivateAsync"/> and written straight through the subscribers' grain storage
/// (<see cref="SubscriberSilo.Storage"/>), not through an <c>IPersistentState</c>: that one gives each activation a
/// lifecycle, a storage bridge and a factory call, which were a quarter of what a cold activation allocated.
/// </para>
/// </summary>
public sealed partial class SubscriberGrain(
    SubscriberSilo silo,
    ILogger<SubscriberGrain> logger) : Grain, ISubscriberGrain
{
    /// <summary>The note counted when a CDR's campaign decision failed (the CDR itself is applied).</summary>
    public const string CampaignError = "campaign-error";

    /// <summary>How long the activation of a number that is no subscriber stays after its first call.</summary>
    public static readonly TimeSpan UnknownLinger = TimeSpan.FromSeconds(10);

    /// <summary>The state's name in grain storage (part of its key).</summary>
    public const string StateName = "subscriber";

    private static long campaignErrors;
    // Empty until read: a new SubscriberState is made only where none is stored (most activations read one).
    private readonly GrainState<SubscriberState> state = new();
    private IGrainTimer? forget;
    private IGrainTimer? leave;
    private bool hadBatch;

    private bool unsaved;
    private bool enlisted;
    // Whether a call has found this activation already: a batch that is its first call paid for the activation (cold).
    private bool warm;
    private List<DeadLetter>? setAside;
    private Action<CallDetailRecord, Exception>? setAsideIncoming;
    private int applyingPartition;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        silo.Counters.SubscriberActivated();
        await silo.Storage.ReadStateAsync(StateName, this.GetGrainId(), state);
        state.State ??= new SubscriberState();
        if (Current.Profile is { } profile)
        {
            Current.Profile = SharedText.Profiles.Of(profile);
        }
        if (Current.IsKnown)
        {
            Enlist();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        silo.Counters.SubscriberDeactivated();
        if (!unsaved || !Current.IsKnown || !silo.Writes.WriteOnDeactivation(reason.ReasonCode))
        {
            return;
        }
        try
        {
            await WriteAsync();
        }
        catch (Exception error)
        {
            LogWriteFailed(logger, error, Msisdn.Mask(this.GetPrimaryKeyString()), reason.ToString());
        }
    }

    public Task SetProfileAsync(SubscriberProfile profile)
    {
        warm = true;
        Current.Profile = SharedText.Profiles.Of(profile);
        Enlist();
        return SaveAsync();
    }

    public async Task LoadProfileAsync(SubscriberProfile profile)
    {
        var resident = warm;
        await SetProfileAsync(profile);
        if (!resident)
        {
            // Activated for this load only: it leaves once the roster has it (segments reach a subscriber that is not
            // resident through the roster), unless a CDR came meanwhile.
            var hold = silo.Roster.HoldAfterProfileLoad;
            if (hold <= TimeSpan.Zero)
            {
                DeactivateOnIdle();
                return;
            }
            leave ??= this.RegisterGrainTimer(_ =>
            {
                if (!hadBatch)
                {
                    DeactivateOnIdle();
                }
                return Task.CompletedTask;
            }, hold, Timeout.InfiniteTimeSpan);
        }
    }

    // An async ValueTask that completes synchronously (no campaign triggered, no write awaited) allocates nothing.
    public async ValueTask<ApplyResult> ApplyAsync(SubscriberBatch batch)
    {
        hadBatch = true;
        if (!warm)
        {
            warm = true;
            silo.Counters.Cold(batch.Outgoing.Count); // a received CDR's caller side counts it: once per CDR
        }
        var subscriber = Current;
        var writes = silo.Writes;
        switch (SubscriberBatches.Start(subscriber, batch, writes.SkipApplied))
        {
            case BatchStart.AppliedAlready:
                if (subscriber.HasUnsent)
                {
                    // Applied, but its offers or dead letters did not reach their sinks: they go now, or the batch fails again.
                    await SendUnsentAsync(subscriber);
                    if (writes.EveryBatch)
                    {
                        await WriteOrForgetAsync();
                    }
                }
                return ApplyResult.Applied;
            case BatchStart.Missing:
                return ApplyResult.Missing; // the partition gives the gap again from the stream, then this batch
        }
        if (subscriber.HasUnsent)
        {
            // An earlier batch's effects first: while their sink refuses, nothing new is folded on top of them.
            await SendUnsentAsync(subscriber);
        }
        var network = silo.Network;
        var active = silo.Campaigns.Current;
        var now = active.IsEmpty ? default : silo.Time.GetUtcNow().UtcDateTime;
        List<OfferDecision>? decisions = null;
        setAside = null;
        var applied = batch.Outgoing.Count;
        foreach (var cdr in batch.Outgoing)
        {
            if (!RecentCdrIds.IsNew(subscriber, cdr.Id, silo.DuplicateWindow))
            {
                silo.Counters.Duplicate();
                applied--;
                continue;
            }
            var category = CdrNames.IsCall(cdr.Type) ? silo.Directory.CategoryOf(cdr.Callee) : CalleeCategory.Private;
            if (!TryFold(subscriber, cdr, network, category, batch.Partition))
            {
                continue;
            }
            silo.Traffic.Count(cdr, subscriber.Profile?.Operator, category);
            if (!active.IsEmpty && await DecideAsync(active, subscriber, cdr, network, batch.PublishedUtc, now) is { } decision)
            {
                (decisions ??= []).Add(decision);
                KeepExample(subscriber, decision, now);
            }
        }
        silo.Counters.Applied(applied);
        if (!subscriber.IsKnown)
        {
            // Calls to a number that is not one of our subscribers (off-net, or never loaded): nothing to keep.
            ForgetSoon();
            return ApplyResult.NotKept;
        }
        Enlist();
        applyingPartition = batch.Partition;
        SubscriberBatches.Finish(subscriber, batch, writes.SkipApplied, silo.DuplicateWindow, setAsideIncoming ??= (cdr, error) => SetAside(cdr, error, applyingPartition));
        // Marked applied together with its effects, which stay in the state until their sinks take them: a sink that
        // fails fails the batch, and its redelivery (applied already) sends them; a checkpoint stores what still waits.
        subscriber.UnsentDeadLetters = setAside;
        subscriber.UnsentOffers = decisions;
        setAside = null;
        unsaved = true;
        if (subscriber.HasUnsent)
        {
            await SendUnsentAsync(subscriber);
        }
        if (writes.EveryBatch)
        {
            await WriteOrForgetAsync();
        }
        return ApplyResult.Applied;
    }

    /// <summary>
    /// Folds one originated CDR; one whose fold throws (totals it cannot hold, a state from an older version) is set
    /// aside as a dead letter and the rest of the batch goes on: a CDR applied once, or not at all, never retried.
    /// </summary>
    private bool TryFold(SubscriberState subscriber, CallDetailRecord cdr, HomeNetwork network, CalleeCategory category, int partition)
    {
        try
        {
            SubscriberFold.ApplyOutgoing(subscriber, cdr, network, category);
            return true;
        }
        catch (Exception error)
        {
            SetAside(cdr, error, partition);
            return false;
        }
    }

    /// <summary>Hands the applied batches' waiting offers and dead letters to their sinks; each list goes once its sink took it.</summary>
    private async ValueTask SendUnsentAsync(SubscriberState subscriber)
    {
        if (subscriber.UnsentDeadLetters is { } letters)
        {
            await silo.DeadLetters.AddAsync(letters);
            subscriber.UnsentDeadLetters = null;
        }
        if (subscriber.UnsentOffers is { } offers)
        {
            await silo.Outbox.SendAsync(offers);
            subscriber.UnsentOffers = null;
        }
    }

    private void SetAside(CallDetailRecord cdr, Exception error, int partition) =>
        (setAside ??= []).Add(silo.DeadLetters.Letter(partition, this.GetPrimaryKeyString(), cdr, error));

    /// <summary>
    /// A sent offer becomes a training example with the features as they are now, right after the CDR it was decided
    /// on was folded: nothing from after the decision reaches the model. Replayed batches give no second example.
    /// </summary>
    private void KeepExample(SubscriberState subscriber, OfferDecision decision, DateTime now)
    {
        if (decision.Outcome == OfferOutcome.Sent)
        {
            silo.Examples.Add(decision.CampaignId, new Contracts.Models.DecidedExample(
                decision.Id, decision.DecidedUtc ?? now, Domain.Propensity.PropensityFeatures.Of(subscriber)));
        }
    }

    /// <summary>
    /// The campaigns' decision on one CDR. Rules that throw are contained by the evaluator; anything else that fails
    /// here (the budget's grain unreachable) costs this CDR its offer, counted as "campaign-error", never the CDR.
    /// </summary>
    private async ValueTask<OfferDecision?> DecideAsync(
        Domain.Campaigns.CampaignSet active, SubscriberState subscriber, CallDetailRecord cdr, HomeNetwork network, DateTime? publishedUtc, DateTime now)
    {
        try
        {
            return await silo.Decider.DecideAsync(active, subscriber, cdr, network, publishedUtc, now);
        }
        catch (Exception error)
        {
            silo.Counters.Noted(CampaignError);
            if (Interlocked.Increment(ref campaignErrors) % 1000 == 1)
            {
                LogDecisionFailed(logger, error, Msisdn.Mask(this.GetPrimaryKeyString()), cdr.Id);
            }
            return null;
        }
    }

    public async ValueTask<bool> FlushAsync(int partition, long position)
    {
        warm = true;
        var subscriber = Current;
        if (!subscriber.IsKnown)
        {
            ForgetSoon();
            return true; // not a subscriber: nothing is kept for it
        }
        if (subscriber.HasUnsent)
        {
            // A checkpoint stores the state with what still waits; sent first when the sinks take it now.
            try
            {
                await SendUnsentAsync(subscriber);
            }
            catch (Exception error)
            {
                LogStillUnsent(logger, error, Msisdn.Mask(this.GetPrimaryKeyString()));
            }
        }
        if (unsaved)
        {
            await WriteOrForgetAsync();
        }
        return subscriber.HasApplied(partition, position);
    }

    public async Task<bool> SetMarketingAsync(bool allowed, DateTime atUtc)
    {
        warm = true;
        if (!Current.IsKnown)
        {
            ForgetSoon();
            return false;
        }
        var optedOut = allowed ? null : Current.OptedOutUtc ?? (DateTime?)atUtc;
        if (optedOut != Current.OptedOutUtc)
        {
            Current.OptedOutUtc = optedOut;
            await SaveAsync();
        }
        return true;
    }

    public async Task<OnceResult> DecideOnceAsync(string campaignId, int revision, int pass)
    {
        warm = true;
        var subscriber = Current;
        if (!subscriber.IsKnown)
        {
            ForgetSoon();
            return new(OnceOutcome.NotKnown);
        }
        if (Domain.Campaigns.OnceDecisions.HasDecided(subscriber, campaignId))
        {
            return new(OnceOutcome.AlreadyDecided);
        }
        var set = silo.Campaigns.Current;
        if (!set.OneShots.TryGetValue(campaignId, out var campaign) || campaign.Record.Revision != revision)
        {
            // This silo's catalog has not caught up with the send yet, or has moved past it (paused, stopped, replaced).
            return new(campaign is null || campaign.Record.Revision < revision ? OnceOutcome.NotReady : OnceOutcome.NotActive);
        }
        if (subscriber.HasUnsent)
        {
            await SendUnsentAsync(subscriber);
        }
        var msisdn = this.GetPrimaryKeyString();
        var now = silo.Time.GetUtcNow().UtcDateTime;
        var record = Domain.Campaigns.OnceDecisions.Record(msisdn, campaignId, revision, pass, now);
        var (triggered, decision, stop) = await silo.Decider.DecideOnceAsync(set.Sending(campaign), subscriber, record, silo.Network, now);
        var result = Domain.Campaigns.OnceDecisions.Outcome(triggered, decision, stop, subscriber, msisdn, set.Rules, now, campaign);
        if (decision is not null)
        {
            KeepExample(subscriber, decision, now);
            // Kept with the state until the sink takes it, as a CDR's offers are (any earlier ones were sent above).
            subscriber.UnsentOffers = [decision];
            await SendUnsentAsync(subscriber);
        }
        if (triggered)
        {
            await SaveAsync();
        }
        return result;
    }

    public Task<bool?> MatchesAsync(string rule)
    {
        warm = true;
        if (!Current.IsKnown)
        {
            ForgetSoon();
            return Task.FromResult<bool?>(null);
        }
        var compiled = silo.Segments.Compile(rule, out _);
        return Task.FromResult<bool?>(compiled is not null
            && Domain.Rules.SegmentRule.Matches(compiled, this.GetPrimaryKeyString(), Current, silo.Network, silo.Time.GetUtcNow().UtcDateTime));
    }

    public Task<SubscriberSnapshot?> GetSnapshotAsync()
    {
        warm = true;
        if (!Current.IsKnown)
        {
            ForgetSoon();
            return Task.FromResult<SubscriberSnapshot?>(null);
        }
        var scores = silo.Models.ScoresOf(Current);
        return Task.FromResult<SubscriberSnapshot?>(SubscriberFold.Snapshot(this.GetPrimaryKeyString(), Current) with
        {
            Propensities = scores.Count == 0 ? null : scores,
        });
    }

    /// <summary>
    /// Not a subscriber: nothing is kept, and this activation goes after <see cref="UnknownLinger"/>. Not at once: a busy
    /// number that is no subscriber is rung from every partition at the same moment, and the calls queued to an
    /// activation that deactivates are forwarded to the next one, which deactivated too, until Orleans rejects them and
    /// their batches fail (and in embedded mode a batch delivered again folds its callers' CDRs twice).
    /// </summary>
    private void ForgetSoon() =>
        forget ??= this.RegisterGrainTimer(_ =>
        {
            if (!Current.IsKnown)
            {
                DeactivateOnIdle();
            }
            return Task.CompletedTask;
        }, UnknownLinger, Timeout.InfiniteTimeSpan);

    /// <summary>Onto the roster, so that segments count this subscriber when its grain is not resident.</summary>
    private void Enlist()
    {
        if (!enlisted)
        {
            enlisted = true;
            silo.Roster.Enlist(this.GetPrimaryKeyString());
        }
    }

    private Task SaveAsync()
    {
        unsaved = true;
        // A profile or a consent does not come from the stream, so no checkpoint covers it: durable modes write it at once.
        return silo.Writes.EveryBatch || silo.Writes.Checkpoints ? WriteOrForgetAsync() : Task.CompletedTask;
    }

    /// <summary>
    /// Writes the state; when the write fails, this activation's state (with the batch folded in and marked applied)
    /// no longer matches storage, so it is dropped: the batch fails, and its redelivery meets a fresh activation that
    /// reads the stored state and applies the batch again, instead of skipping it as applied.
    /// </summary>
    private async Task WriteOrForgetAsync()
    {
        try
        {
            await WriteAsync();
            unsaved = false;
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>The state as read at activation (a new one where none was stored) and folded since.</summary>
    private SubscriberState Current => state.State!;

    private Task WriteAsync() => silo.Storage.WriteStateAsync(StateName, this.GetGrainId(), state);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Subscriber {Msisdn}: no campaign decision on CDR {CdrId} (logged once per 1000 such failures)")]
    private static partial void LogDecisionFailed(ILogger logger, Exception error, string msisdn, string cdrId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Subscriber {Msisdn}: offers or dead letters of applied batches still wait for their sinks; stored with the state, sent with its next batch")]
    private static partial void LogStillUnsent(ILogger logger, Exception error, string msisdn);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Subscriber {Msisdn}: state not written on deactivation ({Deactivation})")]
    private static partial void LogWriteFailed(ILogger logger, Exception error, string msisdn, string deactivation);
}
