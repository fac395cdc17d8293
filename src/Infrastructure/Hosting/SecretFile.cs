namespace Cdr.Orleans.Infrastructure.Hosting;

/// <summary>
/// A secret (the console's key, Redis's password) read from a file, so that it never stands on a command line where
/// any local user reads it in the process list. The first line counts, without its surrounding spaces.
/// </summary>
public static class SecretFile
{
    /// <summary>The secret in <paramref name="path"/>, or null when no path is given; <see cref="ArgumentException"/> naming <paramref name="setting"/> when it cannot be read or is empty.</summary>
    public static string? Read(string? path, string setting)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{setting} '{path}' cannot be read ({ex.Message}); give a file that holds the secret on its first line", ex);
        }
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length == 0
            ? throw new ArgumentException($"{setting} '{path}' is empty; give a file that holds the secret on its first line")
            : line;
    }
}
