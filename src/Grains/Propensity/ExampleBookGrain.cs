using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>
/// One campaign's <see cref="ExampleBook"/> in the engine storage (durable mode: Redis, so the examples survive a
/// restart). A book of 20,000 examples is megabytes, so it is not written per call: a timer writes it when it changed,
/// every <see cref="PropensityOptions.ExampleWriteInterval"/>, after labelling what waited past the response window;
/// and once more when the grain deactivates. A silo that dies loses at most one interval of examples.
/// </summary>
public sealed partial class ExampleBookGrain(
    [PersistentState("examples", StorageNames.Engine)] IPersistentState<ExampleBook> state,
    IOptions<PropensityOptions> options,
    EngineStoragePolicy storage,
    TimeProvider time,
    ILogger<ExampleBookGrain> logger) : Grain, IExampleBookGrain
{
    private bool changed;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Capacity = options.Value.ExampleCapacity;
        var interval = options.Value.ExampleWriteInterval;
        this.RegisterGrainTimer(_ => TickAsync(), interval, interval);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (changed && storage.WriteOnDeactivation(reason.ReasonCode))
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception error)
            {
                LogWriteFailed(logger, error, this.GetPrimaryKeyString());
            }
        }
    }

    public Task AddAsync(IReadOnlyList<DecidedExample> decided)
    {
        foreach (var example in decided)
        {
            changed |= state.State.Decided(example.OfferId, example.DecidedUtc, example.Features);
        }
        return Task.CompletedTask;
    }

    public Task<bool> RespondAsync(string offerId, bool accepted)
    {
        var labelled = state.State.Respond(offerId, accepted);
        changed |= labelled;
        return Task.FromResult(labelled);
    }

    public Task<ExampleCounts> GetCountsAsync()
    {
        var book = state.State;
        return Task.FromResult(new ExampleCounts(book.Pending.Count, book.Labelled.Count, book.Labelled.Count(e => e.Accepted), book.LabelledTotal));
    }

    public Task<IReadOnlyList<TrainingExample>> GetLabelledAsync() => Task.FromResult<IReadOnlyList<TrainingExample>>([.. state.State.Labelled]);

    private async Task TickAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        changed |= state.State.Expire(now, options.Value.ResponseWindow) > 0;
        if (state.State.TrainingDue(now, options.Value.RetrainAfter, options.Value.RetrainEvery))
        {
            changed = true;
            await GrainFactory.GetGrain<IModelGrain>(this.GetPrimaryKeyString()).TrainSoonAsync();
        }
        if (!changed || !storage.CanWrite)
        {
            return;
        }
        try
        {
            await state.WriteStateAsync();
            changed = false;
        }
        catch (Exception error)
        {
            LogWriteFailed(logger, error, this.GetPrimaryKeyString()); // kept in memory; the next tick tries again
        }
    }

    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Training examples of campaign {CampaignId} not written yet; trying again")]
    private static partial void LogWriteFailed(ILogger logger, Exception error, string campaignId);
}
