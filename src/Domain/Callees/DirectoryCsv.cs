using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Domain.Callees;

/// <summary>
/// The number directory file: CSV with the header <c>number,category</c>; numbers in any common form (normalised to
/// E.164 with <see cref="PhoneNumber"/>), categories by name (<see cref="CalleeCategories.Names"/>, any case).
/// </summary>
public static class DirectoryCsv
{
    public const string Header = "number,category";

    /// <summary>
    /// Reads a directory. A wrong header throws <see cref="FormatException"/> saying what is expected; a bad line is
    /// added to <paramref name="errors"/> with its number and reason, and the rest is read.
    /// </summary>
    public static Dictionary<string, CalleeCategory> Read(TextReader reader, string source, string defaultCountry, List<string> errors)
    {
        var header = reader.ReadLine();
        if (!Files.CsvHeader.Is(header, Header))
        {
            throw new FormatException($"{source}: the first line is '{header}'; a number directory starts with the header {Header}");
        }
        var numbers = new Dictionary<string, CalleeCategory>(StringComparer.Ordinal);
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var fields = line.Split(',');
            if (fields.Length != 2)
            {
                errors.Add($"{source}: line {lineNumber}: expected 2 fields (number,category), found {fields.Length}");
                continue;
            }
            if (PhoneNumber.ToE164(fields[0], defaultCountry, out var why) is not { } number)
            {
                errors.Add($"{source}: line {lineNumber}: {why}");
                continue;
            }
            if (!CalleeCategories.TryParse(fields[1], out var category))
            {
                errors.Add($"{source}: line {lineNumber}: category '{fields[1].Trim()}' is not one of {CalleeCategories.Names}");
                continue;
            }
            numbers[number] = category;
        }
        return numbers;
    }

    public static string Format(string number, CalleeCategory category) => $"{number},{category}";
}
