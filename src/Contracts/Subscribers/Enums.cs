namespace Cdr.Orleans.Contracts.Subscribers;

public enum Gender : byte { Female = 0, Male = 1, Other = 2 }

public enum Plan : byte { Prepaid = 0, Postpaid = 1 }

public enum Tier : byte { Free = 0, Silver = 1, Gold = 2 }
