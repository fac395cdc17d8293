using System.Runtime.InteropServices;

namespace Cdr.Orleans.Domain;

/// <summary>
/// The subscriber's voice calls of the last <see cref="Span"/> (at most <see cref="Capacity"/>), oldest first, for
/// rules about repeated calls ("3 calls to the same number within 30 minutes").
/// </summary>
[GenerateSerializer, Alias("recent-calls.v1")]
public sealed class RecentCalls
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(1);
    public const int Capacity = 64;

    [Id(0)] public List<RecentCall> Calls { get; init; } = [];

    /// <summary>Records a call and forgets calls more than <see cref="Span"/> before <paramref name="watermark"/>.</summary>
    public void Add(long calleeKey, DateTime startUtc, DateTime watermark)
    {
        var oldest = watermark.Ticks - Span.Ticks; // ticks, not DateTime: no throw for a watermark near DateTime.MinValue
        if (startUtc.Ticks <= oldest)
        {
            return;
        }
        var index = Calls.Count;
        while (index > 0 && Calls[index - 1].StartTicks > startUtc.Ticks)
        {
            index--;
        }
        Calls.Insert(index, new RecentCall { CalleeKey = calleeKey, StartTicks = startUtc.Ticks });
        var expired = 0;
        while (expired < Calls.Count && (Calls[expired].StartTicks <= oldest || Calls.Count - expired > Capacity))
        {
            expired++;
        }
        Calls.RemoveRange(0, expired);
    }

    /// <summary>The most calls made to any one number that started after <paramref name="sinceUtc"/>.</summary>
    public int MostToOneNumber(DateTime sinceUtc) => MostToOneNumber(sinceUtc.Ticks);

    /// <summary>The most calls made to any one number that started after <paramref name="sinceTicks"/>.</summary>
    public int MostToOneNumber(long sinceTicks)
    {
        var most = 0;
        var calls = CollectionsMarshal.AsSpan(Calls);
        for (var i = 0; i < calls.Length; i++)
        {
            if (calls[i].StartTicks <= sinceTicks)
            {
                continue;
            }
            var count = 1;
            for (var j = i + 1; j < calls.Length; j++)
            {
                count += calls[j].CalleeKey == calls[i].CalleeKey ? 1 : 0;
            }
            most = Math.Max(most, count);
        }
        return most;
    }
}
