using System.Collections.Concurrent;

namespace Cdr.Orleans.Infrastructure.Redis.Storage;

/// <summary>
/// Gathers the requests that wait at the same moment into groups of up to <c>maxGroup</c>, with at most
/// <c>maxInFlight</c> groups on their way: under light load a request goes alone at once; under heavy load groups grow
/// while earlier ones are in flight, which is what keeps Redis's and the silo's CPU per request low. Lock-free: a lock
/// or channel here was contended by every grain thread (seen in a profile). <c>send</c> completes each request of its
/// group; should it throw, <c>fail</c> completes them with the error, so no request waits forever.
/// </summary>
internal sealed class RequestGroups<T>(int maxGroup, int maxInFlight, Func<List<T>, Task> send, Action<List<T>, Exception> fail)
{
    private readonly ConcurrentQueue<T> waiting = new();
    private int inFlight;

    public void Add(T request)
    {
        waiting.Enqueue(request);
        SendWaiting();
    }

    /// <summary>Called after each enqueue and after each group completes.</summary>
    private void SendWaiting()
    {
        while (!waiting.IsEmpty)
        {
            var sending = Volatile.Read(ref inFlight);
            if (sending >= maxInFlight)
            {
                return; // a group on its way sends the rest when it completes
            }
            if (Interlocked.CompareExchange(ref inFlight, sending + 1, sending) != sending)
            {
                continue;
            }
            var group = new List<T>(Math.Min(waiting.Count, maxGroup));
            while (group.Count < maxGroup && waiting.TryDequeue(out var request))
            {
                group.Add(request);
            }
            if (group.Count == 0)
            {
                Interlocked.Decrement(ref inFlight);
                continue;
            }
            _ = SendAsync(group);
        }
    }

    private async Task SendAsync(List<T> group)
    {
        try
        {
            await send(group);
        }
        catch (Exception error)
        {
            fail(group, error);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            SendWaiting();
        }
    }
}
