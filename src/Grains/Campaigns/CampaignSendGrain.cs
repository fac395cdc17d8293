using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Segments;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Campaigns;
using Cdr.Orleans.Grains.Segments;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Cdr.Orleans.Grains.Campaigns;

/// <summary>
/// A segment send (<see cref="ICampaignSendGrain"/>). Reentrant, so that its progress can be read while it walks; the
/// walk itself runs on the grain's turn, one chunk of subscribers at a time, and stores its progress every few seconds.
/// </summary>
[Reentrant]
public sealed partial class CampaignSendGrain(
    [PersistentState("campaign-send", StorageNames.Engine)] IPersistentState<CampaignSendState> state,
    ISubscriberRoster roster,
    TimeProvider time,
    ILogger<CampaignSendGrain> logger) : Grain, ICampaignSendGrain
{
    /// <summary>How long a send goes on asking subscribers whose quiet hours stopped it.</summary>
    public static readonly TimeSpan QuietHoursPatience = TimeSpan.FromHours(24);

    /// <summary>How long the walk waits for every silo to have the new campaign before it gives up.</summary>
    public static readonly TimeSpan CatalogPatience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StoreEvery = TimeSpan.FromSeconds(5);

    private Task? walking;
    private bool starting;
    private IGrainTimer? nextPass;

    private string Id => this.GetPrimaryKeyString();

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<SendStart> StartAsync(CampaignDefinition definition, string? changedBy)
    {
        if (state.State.Revision > 0 || starting)
        {
            return Refused($"campaign '{Id}' was sent already (a segment send goes once); give the new send another id");
        }
        var campaign = CampaignValidator.Normalize(definition) with { OneShot = true };
        if (campaign.Id != Id)
        {
            return Refused($"id: the send is for '{Id}' but the campaign's id is '{Domain.Cdrs.CdrValidator.Printable(campaign.Id)}'");
        }
        if (CampaignValidator.Validate(campaign) is { Count: > 0 } errors)
        {
            return new SendStart(errors, 0, 0, 0);
        }
        starting = true;
        try
        {
            var registry = GrainFactory.GetGrain<ICampaignRegistryGrain>(0);
            if (await registry.GetAsync(Id) is not null)
            {
                return Refused($"id: a campaign '{Id}' exists already; give the send an id of its own");
            }
            var rule = CampaignValidator.SegmentRule(campaign);
            var count = await GrainFactory.GetGrain<ISegmentGrain>(0).QueryAsync(rule, 0);
            if (count.Error is { } ruleError)
            {
                return Refused($"segment: {ruleError}");
            }
            if (count.Matching == 0)
            {
                return new SendStart([$"segment: the rule matches nobody now ({count.Considered:N0} subscribers looked at), so nothing was created or sent; " +
                    $"try it first with: cdr segment '{rule}'"], 0, count.Considered, 0, MatchedNobody: true);
            }
            var created = await registry.CreateAsync(campaign, replace: false, changedBy);
            if (!created.Ok)
            {
                return new SendStart(created.Errors, count.Matching, count.Considered, 0);
            }
            state.State = new CampaignSendState
            {
                Revision = created.Campaign!.Revision, State = SendState.Sending, StartedUtc = Now, CountedMatching = count.Matching, Passes = 1,
            };
            await state.WriteStateAsync();
            LogStarted(logger, Id, count.Matching, count.Considered);
            walking = WalkAsync();
            return new SendStart([], count.Matching, count.Considered, created.Campaign.Revision);
        }
        finally
        {
            starting = false;
        }
    }

    public Task<SendProgress?> GetProgressAsync()
    {
        var s = state.State;
        if (s.Revision == 0)
        {
            return Task.FromResult<SendProgress?>(null);
        }
        // Taken up again when the silo that walked it is gone, or when the next pass is due and no timer is left to run it.
        if (walking is null or { IsCompleted: true } && (s.State == SendState.Sending || s.State == SendState.Waiting && s.NextPassUtc <= Now))
        {
            walking = WalkAsync();
        }
        else if (s.State == SendState.Waiting && nextPass is null)
        {
            ScheduleNextPass();
        }
        return Task.FromResult<SendProgress?>(s.Progress(Id));
    }

    private static SendStart Refused(string error) => new([error], 0, 0, 0);

    /// <summary>One pass over every subscriber; then done, or waiting for quiet hours to end.</summary>
    private async Task WalkAsync()
    {
        var s = state.State;
        s.State = SendState.Sending;
        (s.WaitingQuietHours, s.NextPassUtc) = (0, null);
        var firstPass = s.Passes == 1;
        DateTime? retry = null;
        var stored = Now;
        try
        {
            await foreach (var chunk in SubscriberWalk.ChunksAsync(GrainFactory, roster))
            {
                DelayDeactivation(TimeSpan.FromMinutes(5));
                foreach (var result in await AskAsync(chunk, s.Revision, s.Passes))
                {
                    s.Count(result.Outcome, firstPass);
                    if (result.Outcome == OnceOutcome.QuietHours && result.RetryUtc is { } at)
                    {
                        retry = retry is null || at < retry ? at : retry;
                    }
                }
                if (s.State != SendState.Sending)
                {
                    break; // stopped (the campaign changed) or its budget is spent
                }
                if (Now - stored >= StoreEvery)
                {
                    await state.WriteStateAsync();
                    stored = Now;
                }
            }
            await FinishPassAsync(retry);
        }
        catch (Exception error)
        {
            // Left as it was: the next progress request (the console's, or a silo's catalog refresh) takes it up again.
            s.Note = $"interrupted: {error.Message}; taken up again shortly";
            LogInterrupted(logger, error, Id);
            await TryStoreAsync();
        }
    }

    private async Task FinishPassAsync(DateTime? retry)
    {
        var s = state.State;
        if (s.State == SendState.Sending && s.WaitingQuietHours > 0 && Now - s.StartedUtc < QuietHoursPatience)
        {
            (s.State, s.Passes, s.NextPassUtc) = (SendState.Waiting, s.Passes + 1, Max(retry ?? Now.AddHours(1), Now.AddMinutes(1)));
            s.Note = $"{s.WaitingQuietHours:N0} subscribers were in their quiet hours: asked again from {s.NextPassUtc:yyyy-MM-dd HH:mm}Z";
            await state.WriteStateAsync();
            ScheduleNextPass();
            return;
        }
        if (s.State == SendState.Sending)
        {
            s.State = SendState.Done;
            s.Note ??= s.WaitingQuietHours > 0 ? $"{s.WaitingQuietHours:N0} subscribers were still in their quiet hours a day after the send: not sent" : null;
        }
        s.FinishedUtc = Now;
        await state.WriteStateAsync();
        LogFinished(logger, Id, s.State, s.Sent, s.HeldOut, s.Suppressed);
        if (s.State == SendState.Done)
        {
            // Over: a one-shot campaign is never evaluated again; stopping it says so in its list and history.
            await GrainFactory.GetGrain<ICampaignRegistryGrain>(0).SetStatusAsync(Id, CampaignStatus.Stopped, "segment send (done)");
        }
    }

    /// <summary>The outcome for each subscriber of <paramref name="chunk"/>; a silo that has not got the campaign yet is asked again.</summary>
    private async Task<List<OnceResult>> AskAsync(string[] chunk, int revision, int pass)
    {
        var results = new List<OnceResult>(chunk.Length);
        var pending = chunk;
        var deadline = Now + CatalogPatience;
        while (pending.Length > 0)
        {
            var answers = await Task.WhenAll(pending.Select(m => GrainFactory.GetGrain<ISubscriberGrain>(m).DecideOnceAsync(Id, revision, pass)));
            var notReady = new List<string>();
            for (var i = 0; i < answers.Length; i++)
            {
                if (answers[i].Outcome == OnceOutcome.NotReady)
                {
                    notReady.Add(pending[i]);
                }
                else
                {
                    results.Add(answers[i]);
                }
            }
            if (notReady.Count > 0 && Now >= deadline)
            {
                throw new TimeoutException($"{notReady.Count} subscribers' silos did not have campaign '{Id}' revision {revision} after {CatalogPatience.TotalSeconds:N0} s");
            }
            pending = [.. notReady];
            if (pending.Length > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
        return results;
    }

    private void ScheduleNextPass()
    {
        var due = Max(state.State.NextPassUtc!.Value - Now, TimeSpan.Zero);
        nextPass?.Dispose();
        nextPass = this.RegisterGrainTimer(_ =>
        {
            nextPass?.Dispose();
            nextPass = null;
            if (walking is null or { IsCompleted: true })
            {
                walking = WalkAsync();
            }
            return Task.CompletedTask;
        }, due, Timeout.InfiniteTimeSpan);
        DelayDeactivation(due + TimeSpan.FromMinutes(5));
    }

    private async Task TryStoreAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception error)
        {
            LogInterrupted(logger, error, Id);
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 1340, Level = LogLevel.Information, Message = "Segment send {Id}: {Matching} of {Considered} subscribers match; sending")]
    private static partial void LogStarted(ILogger logger, string id, long matching, long considered);

    [LoggerMessage(EventId = 1341, Level = LogLevel.Information, Message = "Segment send {Id} {State}: {Sent} sent, {HeldOut} held out, {Suppressed} stopped by the contact policy")]
    private static partial void LogFinished(ILogger logger, string id, SendState state, long sent, long heldOut, long suppressed);

    [LoggerMessage(EventId = 1342, Level = LogLevel.Warning, Message = "Segment send {Id} interrupted; it is taken up again at the next progress request")]
    private static partial void LogInterrupted(ILogger logger, Exception error, string id);
}

/// <summary>A segment send's stored state. Persisted: never renumber an [Id].</summary>
[GenerateSerializer, Alias("campaign-send-state.v1")]
public sealed class CampaignSendState
{
    [Id(0)] public int Revision { get; set; }
    [Id(1)] public SendState State { get; set; }
    [Id(2)] public DateTime StartedUtc { get; set; }
    [Id(3)] public DateTime? FinishedUtc { get; set; }
    [Id(4)] public long CountedMatching { get; set; }
    [Id(5)] public long Walked { get; set; }
    [Id(6)] public long Matched { get; set; }
    [Id(7)] public long Sent { get; set; }
    [Id(8)] public long HeldOut { get; set; }
    [Id(9)] public long Suppressed { get; set; }
    [Id(10)] public long BudgetSpent { get; set; }
    [Id(11)] public long WaitingQuietHours { get; set; }
    [Id(12)] public int Passes { get; set; }
    [Id(13)] public DateTime? NextPassUtc { get; set; }
    [Id(14)] public string? Note { get; set; }

    /// <summary>Counts one subscriber's answer; the first pass also counts who was asked and who matched.</summary>
    public void Count(OnceOutcome outcome, bool firstPass)
    {
        if (firstPass && outcome != OnceOutcome.NotKnown)
        {
            Walked++;
        }
        if (firstPass && outcome is OnceOutcome.Sent or OnceOutcome.HeldOut or OnceOutcome.Suppressed or OnceOutcome.QuietHours or OnceOutcome.BudgetSpent)
        {
            Matched++;
        }
        switch (outcome)
        {
            case OnceOutcome.Sent: Sent++; break;
            case OnceOutcome.HeldOut: HeldOut++; break;
            case OnceOutcome.Suppressed: Suppressed++; break;
            case OnceOutcome.QuietHours: WaitingQuietHours++; break;
            case OnceOutcome.BudgetSpent:
                BudgetSpent++;
                (State, Note) = (SendState.Done, "the campaign's budget is spent: the rest of the segment was not asked");
                break;
            case OnceOutcome.NotActive:
                (State, Note) = (SendState.Stopped, "the campaign was paused, stopped or replaced while sending: the rest of the segment was not asked");
                break;
        }
    }

    public SendProgress Progress(string id) => new(id, Revision, State, StartedUtc, FinishedUtc, CountedMatching, Walked, Matched, Sent, HeldOut,
        Suppressed, BudgetSpent, WaitingQuietHours, Passes, NextPassUtc, Note);
}
