namespace Cdr.Orleans.Contracts.Campaigns;

public enum OfferResponse : byte { None = 0, Accepted = 1, Declined = 2 }
