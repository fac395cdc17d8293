using Cdr.Orleans.Contracts.Campaigns;

namespace Cdr.Orleans.Domain.Campaigns;

/// <summary>What a backtest found: every decision in CDR order, each campaign's results, and the CDRs it rejected by reason.</summary>
public sealed record BacktestResult(
    IReadOnlyList<OfferDecision> Decisions,
    IReadOnlyDictionary<string, CampaignResults> Results,
    long CdrsApplied,
    IReadOnlyDictionary<string, long> Rejected);
