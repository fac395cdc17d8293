namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Test classes whose runs kill silo processes mid-flow and then wait on what the survivors do run one after another,
/// so that one run's silos do not starve the other's of the machine's two cores while it waits.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class KillRuns
{
    public const string Collection = "kill runs";
}
