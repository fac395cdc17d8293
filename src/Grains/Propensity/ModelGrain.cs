using System.Diagnostics;
using Cdr.Orleans.Contracts;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Domain.Propensity;
using Cdr.Orleans.Learning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Propensity;

/// <summary>
/// One campaign's models. Training reads the campaign's example book, runs ML.NET on the thread pool (off the CDR
/// path and off this grain's turn), and keeps the result as a new version whatever the gate decides; a promoted version
/// is published to the <see cref="IModelRegistryGrain"/>, which every silo follows. Reentrant so that people can read
/// the history while a training runs; one training at a time.
/// </summary>
[global::Orleans.Concurrency.Reentrant]
public sealed partial class ModelGrain(
    [PersistentState("models", StorageNames.Engine)] IPersistentState<ModelState> state,
    IOptions<PropensityOptions> options,
    TimeProvider time,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    public const int VersionsKept = 20;

    private Task<ModelCommandResult>? training;

    private string CampaignId => this.GetPrimaryKeyString();

    public Task<ModelCommandResult> TrainAsync() => training ??= TrainOnceAsync();

    public Task TrainSoonAsync()
    {
        _ = TrainAsync();
        return Task.CompletedTask;
    }

    public Task<ModelHistory> GetAsync() => Task.FromResult(new ModelHistory(
        CampaignId, state.State.Current, [.. state.State.Versions], state.State.LastError, state.State.LastErrorUtc, training is not null));

    public Task<ModelCommandResult> PromoteAsync(int version) => MakeCurrentAsync(version, byHand: true);

    public Task<ModelCommandResult> RollbackAsync(int version) => MakeCurrentAsync(version, byHand: false);

    private async Task<ModelCommandResult> TrainOnceAsync()
    {
        try
        {
            var examples = await GrainFactory.GetGrain<IExampleBookGrain>(CampaignId).GetLabelledAsync();
            var current = state.State.Versions.FirstOrDefault(v => v.Version == state.State.Current)?.Model;
            var settings = new TrainerOptions(MinAuc: options.Value.MinAuc, MinExamples: options.Value.MinExamples);
            var clock = Stopwatch.StartNew();
            TrainingResult result;
            try
            {
                result = await Task.Run(() => PropensityTrainer.Train(examples, current, settings));
            }
            catch (NotTrainableException error)
            {
                (state.State.LastError, state.State.LastErrorUtc) = ($"not trained: {error.Message}", time.GetUtcNow().UtcDateTime);
                await state.WriteStateAsync();
                return new ModelCommandResult(false, state.State.LastError);
            }
            var version = Versioned(result, clock.Elapsed.TotalSeconds);
            state.State.Versions.Add(version);
            if (state.State.Versions.Count > VersionsKept)
            {
                // The current version is never the one dropped.
                var oldest = state.State.Versions.First(v => v.Version != state.State.Current);
                state.State.Versions.Remove(oldest);
            }
            (state.State.LastError, state.State.LastErrorUtc) = (null, null);
            if (version.Promoted)
            {
                state.State.Current = version.Version;
            }
            await state.WriteStateAsync();
            if (version.Promoted)
            {
                await GrainFactory.GetGrain<IModelRegistryGrain>(0).PublishAsync(CampaignId, version.Version, version.Model);
            }
            LogTrained(logger, CampaignId, version.Version, version.Kind.ToString(), version.Holdout.Auc, version.Promoted, version.Reason);
            return new ModelCommandResult(true, $"version {version.Version} ({version.Kind}): {(version.Promoted ? "promoted" : "rejected")}, {version.Reason}", version);
        }
        finally
        {
            training = null;
        }
    }

    private ModelVersion Versioned(TrainingResult result, double seconds)
    {
        var other = result.Candidate.Kind == ModelKind.Logistic ? result.Trees : result.Logistic;
        return new ModelVersion(
            ++state.State.LastVersion, time.GetUtcNow().UtcDateTime, result.Candidate.Kind, result.Candidate.Holdout, other.Holdout,
            result.Current, result.Promote, result.Reason, [.. result.Strongest.Select(s => new FeatureWeight(s.Feature, s.Weight))],
            ModelQuality.Histogram(result.HoldoutScores), result.TrainCount, Math.Round(seconds, 3), result.Candidate.Model);
    }

    private async Task<ModelCommandResult> MakeCurrentAsync(int number, bool byHand)
    {
        var version = state.State.Versions.FirstOrDefault(v => v.Version == number);
        if (version is null)
        {
            var kept = state.State.Versions.Count == 0 ? "none" : string.Join(", ", state.State.Versions.Select(v => v.Version));
            return new ModelCommandResult(false, $"campaign {CampaignId} has no model version {number}; kept versions: {kept}");
        }
        if (!byHand && !version.Promoted)
        {
            return new ModelCommandResult(false, $"version {number} was never promoted ({version.Reason}); roll back to a version that was, or promote this one by hand");
        }
        if (PropensityScorer.TryCreate(version.Model, out var error) is null)
        {
            return new ModelCommandResult(false, $"version {number} cannot be scored by this engine: {error}");
        }
        if (byHand && !version.Promoted)
        {
            version = version with { Promoted = true, Reason = $"promoted by hand (the gate said: {version.Reason})" };
            state.State.Versions[state.State.Versions.FindIndex(v => v.Version == number)] = version;
        }
        state.State.Current = number;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IModelRegistryGrain>(0).PublishAsync(CampaignId, number, version.Model);
        return new ModelCommandResult(true, $"version {number} ({version.Kind}) is now the current model of {CampaignId}", version);
    }

    [LoggerMessage(EventId = 1810, Level = LogLevel.Information, Message = "Campaign {CampaignId}: model version {Version} ({Kind}, holdout AUC {Auc:0.000}) promoted: {Promoted}; {Reason}")]
    private static partial void LogTrained(ILogger logger, string campaignId, int version, string kind, double auc, bool promoted, string reason);
}
