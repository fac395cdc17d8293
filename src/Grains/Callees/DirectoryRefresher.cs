using Cdr.Orleans.Infrastructure.Files;
using Cdr.Orleans.Contracts.Callees;
using Cdr.Orleans.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Grains.Callees;

/// <summary>
/// Loads <see cref="EngineOptions.DirectoryFile"/> into the cluster's directory when the silo starts (when set), then
/// polls the directory grain every second and hands new versions to this silo's <see cref="NumberDirectory"/>. The
/// console's <c>directory load FILE</c> replaces it while the cluster runs.
/// </summary>
public sealed partial class DirectoryRefresher(
    NumberDirectory directory,
    IGrainFactory grains,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<DirectoryRefresher> logger) : PeriodicService(time)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private bool loaded = string.IsNullOrWhiteSpace(options.Value.DirectoryFile);

    protected override TimeSpan Interval => Period;

    protected override bool TickAtStart => true;

    protected override async Task TickAsync(CancellationToken stoppingToken)
    {
        var grain = grains.GetGrain<IDirectoryGrain>(0);
        var file = options.Value.DirectoryFile!;
        try
        {
            if (!loaded)
            {
                var errors = new List<string>();
                var numbers = DataFiles.ReadDirectory(file, options.Value.HomeCountry, errors);
                errors.ForEach(e => LogBadLine(logger, e));
                var version = await grain.ReplaceAsync(new DirectorySnapshot(0, numbers, Path.GetFileName(file)));
                LogLoaded(logger, numbers.Count, file, errors.Count, version);
                loaded = true;
            }
            if (await grain.GetIfChangedAsync(directory.Version).WaitAsync(stoppingToken) is { } snapshot)
            {
                directory.Apply(snapshot);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or FormatException)
        {
            LogFileFailed(logger, ex);
            loaded = true; // reported; the cluster's directory (if any) stays
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Expected while the silo starts; tried again next second.
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Number directory: {Count} numbers from {File} ({Rejected} lines rejected), version {Version}")]
    private static partial void LogLoaded(ILogger logger, int count, string file, int rejected, long version);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Number directory line rejected: {Reason}")]
    private static partial void LogBadLine(ILogger logger, string reason);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "Number directory not loaded")]
    private static partial void LogFileFailed(ILogger logger, Exception error);
}
