namespace Cdr.Orleans.Contracts.Subscribers;

public enum Tier : byte { Free = 0, Silver = 1, Gold = 2 }
