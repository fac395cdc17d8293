namespace Cdr.Orleans.Contracts.Subscribers;

public enum Gender : byte { Female = 0, Male = 1, Other = 2 }
