namespace Cdr.Orleans.Tests.Cluster;

/// <summary>Waits for a condition of an asynchronous system, up to a deadline, and fails saying what did not happen.</summary>
internal static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds:0} s waiting for {expected()}");
            await Task.Delay(25);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string expected, TimeSpan timeout) =>
        UntilAsync(condition, () => expected, timeout);

    public static Task UntilAsync(Func<bool> condition, string expected, TimeSpan timeout) =>
        UntilAsync(() => Task.FromResult(condition()), () => expected, timeout);
}
