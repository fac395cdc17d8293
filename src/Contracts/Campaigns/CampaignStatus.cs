namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// Active: evaluated. Paused: not evaluated until resumed. Stopped: final. Quarantined: its evaluation kept failing
/// on a silo, so no silo evaluates it; <see cref="CampaignRecord.StatusReason"/> says why, resume or replace it.
/// </summary>
public enum CampaignStatus : byte { Active = 0, Paused = 1, Stopped = 2, Quarantined = 3 }
