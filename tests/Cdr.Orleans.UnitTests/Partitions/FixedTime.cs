namespace Cdr.Orleans.Tests.Partitions;

/// <summary>A clock that always says <paramref name="utc"/>: the partition's validation measures "in the future" against it.</summary>
internal sealed class FixedTime(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc);
}
