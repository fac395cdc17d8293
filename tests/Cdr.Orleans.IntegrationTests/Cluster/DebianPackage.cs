using System.Diagnostics;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>
/// Installs a Debian package a test needs when its program is missing (<c>apt-get install -y</c>, as <c>.ci/run</c>
/// does), so that the README's test command works on a fresh machine.
/// </summary>
internal static class DebianPackage
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    public static async Task EnsureAsync(string program, string package)
    {
        await Installing.WaitAsync();
        try
        {
            if (OnPath(program))
            {
                return;
            }
            foreach (var command in new[] { $"apt-get install -y {package}", "apt-get update", $"apt-get install -y {package}" })
            {
                using var apt = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"DEBIAN_FRONTEND=noninteractive {command}"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                await apt.StandardOutput.ReadToEndAsync();
                await apt.WaitForExitAsync();
                if (OnPath(program))
                {
                    return;
                }
            }
            throw new InvalidOperationException($"{program} is not installed and could not be installed; run: apt-get install -y {package}");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
}
