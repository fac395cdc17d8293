namespace Cdr.Orleans.Contracts;

/// <summary>Logical grain storage names. What backs each (memory, Redis) is chosen by configuration.</summary>
public static class StorageNames
{
    public const string Subscribers = "subscribers";
    public const string Engine = "engine";
}
