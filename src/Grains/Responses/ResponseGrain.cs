using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Models;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Contracts.Stats;
using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Responses;
using Cdr.Orleans.Grains.Propensity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cdr.Orleans.Grains.Responses;

/// <summary>
/// The one way in for responses (<see cref="IResponseGrain"/>): each is recorded in the <see cref="IOfferResponseStore"/>
/// within the response window (<see cref="PropensityOptions.ResponseWindow"/>); those recorded are added to their
/// campaigns' results in one report and label their campaigns' training examples. A STOP opts its subscriber out
/// of every campaign (stored with the subscriber), counted as the note <see cref="OptOutNote"/>.
/// </summary>
[StatelessWorker]
public sealed partial class ResponseGrain(
    IOfferResponseStore store, IOptions<PropensityOptions> options, TimeProvider time, ILogger<ResponseGrain> logger,
    Infrastructure.History.HistoryWriter? history = null) : Grain, IResponseGrain
{
    /// <summary>The note <c>stats</c> counts subscribers opted out under.</summary>
    public const string OptOutNote = "opted-out";

    public async Task<IReadOnlyList<RecordedResponse>> RespondAsync(IReadOnlyList<OfferAnswer> answers)
    {
        var optedOut = 0L;
        var window = options.Value.ResponseWindow;
        var results = new RecordedResponse[answers.Count];
        var counts = new Dictionary<string, CampaignResults>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            results[i] = await store.RecordAsync(answer, window, CancellationToken.None);
            if (results[i] is not { Result: RespondResult.Recorded, Offer: { } offer })
            {
                continue;
            }
            counts[offer.CampaignId] = (counts.GetValueOrDefault(offer.CampaignId) ?? CampaignResults.Zero).Add(ResponseCounts.Of(offer, answer.Response));
            history?.AddResponse(answer, offer);
            if (ResponseCounts.Labels(offer))
            {
                await LabelExampleAsync(offer, answer.Response == OfferResponse.Accepted);
            }
            if (answer.Response == OfferResponse.Stopped && await GrainFactory.GetGrain<ISubscriberGrain>(offer.Msisdn).SetMarketingAsync(false, answer.AtUtc))
            {
                optedOut++;
            }
        }
        await ReportAsync(counts, optedOut);
        return results;
    }

    public async Task<bool> OptOutAsync(string msisdn, DateTime atUtc)
    {
        if (!await GrainFactory.GetGrain<ISubscriberGrain>(msisdn).SetMarketingAsync(false, atUtc))
        {
            return false;
        }
        await ReportAsync([], 1);
        return true;
    }

    private Task ReportAsync(Dictionary<string, CampaignResults> counts, long optedOut) =>
        counts.Count == 0 && optedOut == 0 ? Task.CompletedTask : GrainFactory.GetGrain<IStatsGrain>(0).ReportAsync(new StatsReport(
            "offer-responses", time.GetUtcNow().UtcDateTime, 0, new Dictionary<string, long>(), null, null, counts,
            Notes: optedOut == 0 ? null : new Dictionary<string, long> { [OptOutNote] = optedOut }));

    /// <summary>The response labels the offer's training example; if its book is unreachable, the example is labelled declined when its window passes.</summary>
    private async Task LabelExampleAsync(AnsweredOffer offer, bool accepted)
    {
        try
        {
            await GrainFactory.GetGrain<IExampleBookGrain>(offer.CampaignId).RespondAsync(offer.OfferId, accepted);
        }
        catch (Exception error)
        {
            LogNotLabelled(logger, error, offer.OfferId, offer.CampaignId);
        }
    }

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "The response to offer {OfferId} did not reach the training examples of campaign {CampaignId}")]
    private static partial void LogNotLabelled(ILogger logger, Exception error, string offerId, string campaignId);
}
