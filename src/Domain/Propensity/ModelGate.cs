using System.Globalization;
using Cdr.Orleans.Contracts.Models;

namespace Cdr.Orleans.Domain.Propensity;

/// <summary>
/// Whether a candidate replaces the current model: its holdout AUC must reach the minimum and must not be below the
/// current model's on the same holdout. The reason says which held, in words a campaign manager reads.
/// </summary>
public static class ModelGate
{
    public const double DefaultMinAuc = 0.6;

    public static (bool Promote, string Reason) Decide(ModelMetrics candidate, ModelMetrics? current, double minAuc)
    {
        var auc = candidate.Auc.ToString("0.000", CultureInfo.InvariantCulture);
        if (candidate.Auc < minAuc)
        {
            return (false, $"holdout AUC {auc} is below the minimum {minAuc.ToString("0.00", CultureInfo.InvariantCulture)}: it ranks acceptances little better than chance");
        }
        if (current is not null && candidate.Auc < current.Auc)
        {
            return (false, $"holdout AUC {auc} is below the current model's {current.Auc.ToString("0.000", CultureInfo.InvariantCulture)} on the same holdout");
        }
        return (true, current is null
            ? $"holdout AUC {auc} reaches the minimum {minAuc.ToString("0.00", CultureInfo.InvariantCulture)}; no model before it"
            : $"holdout AUC {auc} reaches the minimum and is not below the current model's {current.Auc.ToString("0.000", CultureInfo.InvariantCulture)}");
    }
}
