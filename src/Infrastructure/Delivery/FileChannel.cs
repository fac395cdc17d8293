using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;

namespace Cdr.Orleans.Infrastructure.Delivery;

/// <summary>
/// Embedded mode's sink: each offer's <see cref="OfferMessage"/> as one JSON line appended to a file, flushed to disk
/// before it counts as delivered. A file that cannot be written (no such directory, no space) is tried again.
/// </summary>
public sealed class FileChannel(string path) : IOfferChannel, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private FileStream? file;

    public string Describe => $"file {path}";

    public async Task<SendResult> SendAsync(OfferDecision offer, CancellationToken cancellationToken)
    {
        var json = OfferMessage.Of(offer).ToJson();
        var line = new byte[json.Length + 1]; // one write per line
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (file is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            }
            await file.WriteAsync(line, cancellationToken);
            file.Flush(flushToDisk: true);
            return SendResult.Delivered;
        }
        catch (IOException error)
        {
            file?.Dispose();
            file = null;
            return SendResult.Retry($"could not write {path}: {error.Message}");
        }
        catch (UnauthorizedAccessException error)
        {
            return SendResult.Retry($"could not write {path}: {error.Message}");
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        file?.Dispose();
        gate.Dispose();
    }
}
