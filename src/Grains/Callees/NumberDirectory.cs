using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Grains.Callees;

/// <summary>
/// This silo's copy of the number directory: the category of a called number (<see cref="CalleeCategory.Private"/>
/// when it is not listed). Swapped whole when the cluster's directory changes; reads take no lock.
/// </summary>
public sealed class NumberDirectory
{
    private volatile DirectorySnapshot current = new(0, new Dictionary<string, CalleeCategory>(), "");

    public long Version => current.Version;

    public int Count => current.Numbers.Count;

    public CalleeCategory CategoryOf(string? number) =>
        number is not null && current.Numbers.TryGetValue(number, out var category) ? category : CalleeCategory.Private;

    public void Apply(DirectorySnapshot snapshot) => current = snapshot;
}
