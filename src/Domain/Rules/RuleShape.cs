namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// How deep and how large a rule is, measured on its text before any parser sees it: the parser and the compiler
/// recurse once per level, so a rule nested hundreds of levels deep would overflow a thread's stack (which no catch
/// can contain) in the silo and in the console client alike. Depth counts open brackets and conditional operators
/// (<c>?</c>) and runs of unary operators; nodes count names, literals and operators. Text inside string literals
/// counts as one literal.
/// </summary>
public readonly record struct RuleShape(int Depth, int Nodes)
{
    public static RuleShape Of(string text)
    {
        int depth = 0, open = 0, conditionals = 0, nodes = 0, unary = 0;
        var operand = false; // whether the last token ends an operand (so '-' or '!' next is binary, not unary)
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            nodes++;
            if (c is '"' or '\'')
            {
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    if (text[i] == '\\')
                    {
                        i++;
                    }
                }
                (operand, unary) = (true, 0);
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.')
            {
                var start = i;
                while (i + 1 < text.Length && (char.IsLetterOrDigit(text[i + 1]) || text[i + 1] is '_' or '.'))
                {
                    i++;
                }
                var word = text.AsSpan(start, i - start + 1);
                if (word.Equals("not", StringComparison.OrdinalIgnoreCase))
                {
                    (operand, unary) = (false, unary + 1);
                }
                else
                {
                    var isOperator = word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("or", StringComparison.OrdinalIgnoreCase)
                        || word.Equals("in", StringComparison.OrdinalIgnoreCase);
                    (operand, unary) = (!isOperator, 0);
                }
            }
            else if (c is '(' or '[')
            {
                open++; // the unary operators before it still wait for their operand: they stay counted
                operand = false;
            }
            else if (c is ')' or ']')
            {
                open = Math.Max(0, open - 1);
                (operand, unary) = (true, 0);
            }
            else if (c == '?')
            {
                conditionals++;
                operand = false;
            }
            else if (!operand && c is '!' or '-' or '+' or '~')
            {
                unary++;
            }
            else
            {
                // An operator of one or more characters (==, &&, <=, ...) is one node.
                while (i + 1 < text.Length && text[i + 1] is '=' or '&' or '|' or '<' or '>')
                {
                    i++;
                }
                operand = false;
            }
            depth = Math.Max(depth, open + conditionals + unary);
        }
        return new RuleShape(depth, nodes);
    }
}
