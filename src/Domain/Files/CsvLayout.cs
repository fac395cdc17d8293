namespace Cdr.Orleans.Domain.Files;

/// <summary>Column positions read from a CSV header.</summary>
public sealed class CsvLayout(string source, string[] names)
{
    public string Source { get; } = source;

    public string[] Names { get; } = names;

    public int IndexOf(string column) => Array.IndexOf(Names, column);
}
