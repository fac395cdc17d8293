using Cdr.Orleans.Contracts.Stats;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Cdr.Orleans.Grains.Stats;

/// <summary>Where a silo reads its CDR stream's backlog (the host gives it: it knows the transport); none in embedded mode.</summary>
public interface IStreamBacklogSource
{
    Task<StreamBacklogReport?> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Answers on the silo the call reaches, from its <see cref="IStreamBacklogSource"/>: no grain-to-grain hop, no state.</summary>
[StatelessWorker(1)]
public sealed class StreamBacklogGrain(IServiceProvider services) : Grain, IStreamBacklogGrain
{
    public Task<StreamBacklogReport?> ReadAsync() =>
        services.GetService<IStreamBacklogSource>() is { } source ? source.ReadAsync(CancellationToken.None) : Task.FromResult<StreamBacklogReport?>(null);
}
