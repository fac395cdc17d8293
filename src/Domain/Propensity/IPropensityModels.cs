namespace Cdr.Orleans.Domain.Propensity;

/// <summary>The current model's scorer of each campaign, as the silo (or a backtest) has them; null before a campaign's first model.</summary>
public interface IPropensityModels
{
    PropensityScorer? ScorerOf(string campaignId);
}
