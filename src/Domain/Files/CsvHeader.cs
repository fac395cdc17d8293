namespace Cdr.Orleans.Domain.Files;

/// <summary>Header rows as other tools write them: a byte-order mark, spaces after commas and any case are all accepted.</summary>
public static class CsvHeader
{
    public static bool Is(string? line, string expected) =>
        line is not null && line.TrimStart('\uFEFF').Replace(" ", "", StringComparison.Ordinal).Equals(expected, StringComparison.OrdinalIgnoreCase);
}
