using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>A campaign given 300 labelled examples in which gold subscribers accept, and a model trained on them.</summary>
internal static class TrainedModel
{
    public const int Examples = 300;

    /// <summary>Gives the examples and trains; returns the examples and the promoted version.</summary>
    public static async Task<(IReadOnlyList<DecidedExample> Examples, ModelVersion Version)> TrainAsync(IClusterClient client, string campaignId, int seed)
    {
        var random = new Random(seed);
        var examples = Enumerable.Range(0, Examples).Select(i =>
        {
            var x = new float[Domain.Propensity.PropensityFeatures.Count];
            x[36] = random.Next(3); // the tier: gold accepts
            x[38] = random.Next(18, 80);
            return new DecidedExample($"offer-{i}", DateTime.UtcNow.AddMinutes(-300 + i), x);
        }).ToList();
        var book = client.GetGrain<IExampleBookGrain>(campaignId);
        await book.AddAsync(examples);
        foreach (var example in examples)
        {
            Assert.True(await book.RespondAsync(example.OfferId, accepted: Accepts(example)));
        }
        var trained = await client.GetGrain<IModelGrain>(campaignId).TrainAsync();
        Assert.True(trained.Version?.Promoted, trained.Message);
        return (examples, trained.Version!);
    }

    public static bool Accepts(DecidedExample example) => example.Features[36] == 2;
}
