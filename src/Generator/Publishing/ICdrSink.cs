using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Generator.Publishing;

/// <summary>Where a run's CDRs go: the cluster's CDR stream, or nowhere but the output file (offline).</summary>
public interface ICdrSink
{
    long Published { get; }

    long Retries { get; }

    ValueTask PublishAsync(CallDetailRecord cdr);

    ValueTask FlushStaleAsync(TimeSpan maxAge);

    Task FlushAsync();
}
