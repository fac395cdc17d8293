using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Generator.Publishing;

/// <summary>Where a run's CDRs go: the cluster's CDR stream, or nowhere but the output file (offline).</summary>
public interface ICdrSink
{
    long Published { get; }

    long Retries { get; }

    /// <summary>Why the engine pushes publishing back right now (a partition's backlog at its bound), or null.</summary>
    string? PushedBackBy => null;

    ValueTask PublishAsync(CallDetailRecord cdr);

    ValueTask FlushStaleAsync(TimeSpan maxAge);

    Task FlushAsync();
}
