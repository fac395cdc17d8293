namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// What became of a response: recorded; no such offer (an unknown id, or one decided so long ago that it is no longer
/// kept); the offer already had one (the first counts); or it came after the offer's response window.
/// </summary>
public enum RespondResult : byte { Recorded = 0, NotFound = 1, AlreadyAnswered = 2, Expired = 3 }
