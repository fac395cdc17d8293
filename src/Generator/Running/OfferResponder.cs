using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Contracts.Responses;
using Cdr.Orleans.Domain.Text;
using Cdr.Orleans.Generator.Synthesis;

namespace Cdr.Orleans.Generator.Running;

/// <summary>
/// Plays the subscribers' side of campaigns: follows the offer log and answers each offer sent to one of the
/// population's subscribers, accepting with a probability that depends on the subscriber's persona and on whether the
/// offer fits it (a night owl takes the night pack more readily than an upgrade). Control-group subscribers sometimes
/// buy the product anyway (reported as accepting their held-out decision), so the uplift over the control group is
/// visible in <c>campaign show</c>. Deterministic for a seed: the draw for an offer depends only on its id.
/// </summary>
public sealed class OfferResponder(IGrainFactory grains, IReadOnlyDictionary<string, Persona> personas, int seed)
{
    /// <summary>Share of a persona's offer acceptance that control-group subscribers reach without an offer.</summary>
    public const double OrganicShare = 0.3;

    private readonly IOfferLogGrain log = grains.GetGrain<IOfferLogGrain>(0);
    private readonly IResponseGrain responses = grains.GetGrain<IResponseGrain>(0);
    private long after = -1;

    public OfferResponder(IGrainFactory grains, Population population, int seed)
        : this(grains, population.Msisdns.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => population.Personas[x.i], StringComparer.Ordinal), seed)
    {
    }

    public long Accepted { get; private set; }

    public long Declined { get; private set; }

    public long ControlConverted { get; private set; }

    /// <summary>Answers offers as they arrive (from those logged after the start) until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        after = await log.GetLastSequenceAsync();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await CatchUpAsync() == 0)
            {
                try
                {
                    await Task.Delay(200, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Answers every offer in the log not seen yet (all of the log on the first call); returns how many were read.</summary>
    public async Task<int> CatchUpAsync()
    {
        var read = 0;
        while (true)
        {
            var page = await log.ReadAsync(Math.Max(0, after), null, 1_000);
            await RespondAsync([.. page.Offers.Select(o => o.Decision)]);
            read += page.Offers.Count;
            after = page.Next;
            if (page.Offers.Count == 0)
            {
                return read;
            }
        }
    }

    /// <summary>The chance that a subscriber of <paramref name="persona"/> accepts an offer with this code.</summary>
    public static double AcceptanceOf(Persona persona, string offerCode)
    {
        var fits = persona switch
        {
            Persona.HeavyCaller => offerCode.StartsWith("UPG", StringComparison.Ordinal) || offerCode.StartsWith("FNF", StringComparison.Ordinal),
            Persona.NightOwl => offerCode.StartsWith("NIGHT", StringComparison.Ordinal),
            Persona.InternationalCaller => offerCode.StartsWith("INTL", StringComparison.Ordinal),
            Persona.DataHeavy => offerCode.StartsWith("DATA", StringComparison.Ordinal),
            Persona.Frustrated => offerCode.StartsWith("CREDIT", StringComparison.Ordinal),
            _ => false,
        };
        var baseline = persona switch
        {
            Persona.Quiet => 0.05,
            Persona.Frustrated => 0.10,
            _ => 0.15,
        };
        return fits ? 0.45 : baseline;
    }

    private async Task RespondAsync(IReadOnlyList<OfferDecision> decisions)
    {
        var answers = new List<(OfferDecision Decision, OfferAnswer Answer)>();
        foreach (var decision in decisions)
        {
            if (Answer(decision) is { } response)
            {
                answers.Add((decision, new OfferAnswer(decision.Id, response, DateTime.UtcNow, "generator")));
            }
        }
        if (answers.Count == 0)
        {
            return;
        }
        var results = await responses.RespondAsync([.. answers.Select(a => a.Answer)]);
        foreach (var ((decision, answer), result) in answers.Zip(results))
        {
            if (result.Result != RespondResult.Recorded)
            {
                continue;
            }
            _ = decision.Outcome == OfferOutcome.HeldOut ? ControlConverted++ : answer.Response == OfferResponse.Accepted ? Accepted++ : Declined++;
        }
    }

    /// <summary>The subscriber's answer to the decision, or null: not one of this generator's, or a held-out one who did not buy anyway.</summary>
    private OfferResponse? Answer(OfferDecision decision)
    {
        if (!personas.TryGetValue(decision.Msisdn, out var persona))
        {
            return null; // not one of this generator's subscribers
        }
        var acceptance = AcceptanceOf(persona, decision.OfferCode);
        var draw = new Random(unchecked(seed * 397) ^ (int)Fnv1a.Hash32(decision.Id)).NextDouble();
        if (decision.Outcome == OfferOutcome.HeldOut)
        {
            return draw < acceptance * OrganicShare ? OfferResponse.Accepted : null;
        }
        return draw < acceptance ? OfferResponse.Accepted : OfferResponse.Declined;
    }
}
