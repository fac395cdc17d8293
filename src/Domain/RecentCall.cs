namespace Cdr.Orleans.Domain;

/// <summary>One outgoing voice call in <see cref="RecentCalls"/>.</summary>
[GenerateSerializer, Alias("recent-call.v1")]
public struct RecentCall
{
    [Id(0)] public long CalleeKey;
    [Id(1)] public long StartTicks;
}
