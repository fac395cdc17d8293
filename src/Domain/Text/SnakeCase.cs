namespace Cdr.Orleans.Domain.Text;

/// <summary>
/// <c>HeldOut</c> → <c>held_out</c>, <c>CalleeCountry</c> → <c>callee_country</c>: enum names as metric attributes
/// and history columns write them (as Prometheus and SQL users do).
/// </summary>
public static class SnakeCase
{
    public static string Of(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
