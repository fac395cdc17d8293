namespace Cdr.Orleans.Contracts.Callees;

/// <summary>The broader group of a <see cref="CalleeCategory"/>.</summary>
public enum CategoryTag
{
    Private = 0,
    Business,
    Agency,
    Education,
    Health,
    Advertising,
    Emergency,
}
