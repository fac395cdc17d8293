namespace Cdr.Orleans.Contracts.Campaigns;

/// <summary>
/// A subscriber's answer to an offer. <see cref="Stopped"/> is STOP: the offer declined and the subscriber no longer
/// wants marketing; it counts as declined for the campaign's acceptance and its model's label.
/// </summary>
public enum OfferResponse : byte { None = 0, Accepted = 1, Declined = 2, Stopped = 3 }
