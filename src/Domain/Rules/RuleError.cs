namespace Cdr.Orleans.Domain.Rules;

/// <summary>Why a rule was refused: what is wrong, and where in the text when the parser knows.</summary>
public sealed record RuleError(string Message, int? Position);
