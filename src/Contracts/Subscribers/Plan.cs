namespace Cdr.Orleans.Contracts.Subscribers;

public enum Plan : byte { Prepaid = 0, Postpaid = 1 }
