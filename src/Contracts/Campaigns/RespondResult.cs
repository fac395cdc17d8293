namespace Cdr.Orleans.Contracts.Campaigns;

public enum RespondResult : byte { Recorded = 0, NotFound = 1, AlreadyAnswered = 2 }
