namespace Cdr.Orleans.Contracts.Campaigns;

public enum CampaignStatus : byte { Active = 0, Paused = 1, Stopped = 2 }
