using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Domain.Propensity;

/// <summary>
/// <see cref="ModelMetrics"/> of probabilities against labels: one implementation for a candidate, the current model
/// on the same holdout, and the generator's true probabilities (the ceiling), so they compare like for like.
/// </summary>
public static class ModelQuality
{
    public static ModelMetrics Measure(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {labels.Count} labels; give one per example, at least one");
        }
        var n = labels.Count;
        var accepted = labels.Count(l => l);
        double logLoss = 0, brier = 0, wrong = 0;
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            var y = labels[i] ? 1.0 : 0.0;
            logLoss -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
            brier += (probabilities[i] - y) * (probabilities[i] - y);
            wrong += probabilities[i] >= 0.5 == labels[i] ? 0 : 1;
        }
        return new ModelMetrics(n, accepted, Auc(probabilities, labels, accepted), logLoss / n, brier / n, wrong / n,
            TopDecileLift(probabilities, labels, accepted));
    }

    /// <summary>How many probabilities fall in each of <paramref name="bins"/> equal bins of [0, 1] (1 goes in the last).</summary>
    public static int[] Histogram(IReadOnlyList<double> probabilities, int bins = 10)
    {
        var counts = new int[bins];
        foreach (var p in probabilities)
        {
            counts[Math.Clamp((int)(p * bins), 0, bins - 1)]++;
        }
        return counts;
    }

    /// <summary>Mann-Whitney: (sum of the acceptances' ranks − its minimum) / (acceptances × declines), ties sharing their mean rank.</summary>
    private static double Auc(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int accepted)
    {
        var declined = labels.Count - accepted;
        if (accepted == 0 || declined == 0)
        {
            return 0.5; // one class only: no ranking to judge
        }
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i]).ToArray();
        double rankSum = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && probabilities[order[end + 1]] == probabilities[order[start]])
            {
                end++;
            }
            var meanRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                rankSum += labels[order[k]] ? meanRank : 0;
            }
            start = end + 1;
        }
        return (rankSum - accepted * (accepted + 1) / 2.0) / ((double)accepted * declined);
    }

    private static double TopDecileLift(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int accepted)
    {
        if (accepted == 0)
        {
            return 0;
        }
        var top = Math.Max(1, labels.Count / 10);
        var topAccepted = Enumerable.Range(0, labels.Count).OrderByDescending(i => probabilities[i]).Take(top).Count(i => labels[i]);
        return (double)topAccepted / top / ((double)accepted / labels.Count);
    }
}
