using Cdr.Orleans.Contracts.Cdrs;

namespace Cdr.Orleans.Generator.Publishing;

/// <summary>Accepts every CDR at once and sends it nowhere: for writing CDR files without a cluster.</summary>
public sealed class OfflineSink : ICdrSink
{
    public long Published { get; private set; }

    public long Retries => 0;

    public ValueTask PublishAsync(CallDetailRecord cdr)
    {
        Published++;
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushStaleAsync(TimeSpan maxAge) => ValueTask.CompletedTask;

    public Task FlushAsync() => Task.CompletedTask;
}
