using System.Linq.Dynamic.Core;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Reflection;
using Cdr.Orleans.Contracts.Subscribers;

namespace Cdr.Orleans.Domain.Rules;

/// <summary>
/// Compiles rule expressions (System.Linq.Dynamic.Core syntax: <c>Tier == "Free" &amp;&amp; H24.VoiceMinutes &gt; 60</c>)
/// over <see cref="RuleView"/> into delegates, once per campaign version. The parsed expression is then checked node by
/// node against an allow-list: members of the view types, comparisons and arithmetic, a few pure functions. Anything
/// else (another type, reflection, I/O, object creation, lambdas and so loops over collections) is refused with a
/// message saying what was used and what is allowed.
/// </summary>
public static class RuleCompiler
{
    public const int MaxLength = 2_000;

    /// <summary>The deepest nesting a rule may have (<see cref="RuleShape"/>): far beyond any real rule, far below a stack's worth.</summary>
    public const int MaxDepth = 32;

    /// <summary>The longest window <c>CallsToSameNumberWithin(minutes)</c> looks back over (its recent calls cover an hour).</summary>
    public const int MaxWithinMinutes = 60;

    /// <summary>The longest span in days <c>TopUpsWithin(days)</c> looks back over.</summary>
    public const int MaxWithinDays = 90;

    /// <summary>The most names, literals and operators a rule may have.</summary>
    public const int MaxNodes = 400;

    private static readonly HashSet<Type> ViewTypes = [typeof(RuleView), typeof(CdrFacts), typeof(EventFacts), typeof(WindowTotals)];

    /// <summary>The view's helpers, which take one constant argument (checked by the sandbox).</summary>
    private static readonly HashSet<string> Helpers =
        [nameof(RuleView.CallsToSameNumberWithin), nameof(RuleView.CategoryCalls), nameof(RuleView.TagCalls), nameof(RuleView.TopUpsWithin), nameof(RuleView.LowestBalanceWithin)];

    private static readonly HashSet<Type> ValueTypes =
        [typeof(bool), typeof(int), typeof(long), typeof(double), typeof(decimal), typeof(string), typeof(float), typeof(short), typeof(byte),
         typeof(int?), typeof(long?), typeof(double?), typeof(decimal?), typeof(bool?)];

    private static readonly HashSet<string> MathFunctions = ["Min", "Max", "Abs", "Round", "Floor", "Ceiling"];

    private static readonly HashSet<string> StringFunctions = ["StartsWith", "EndsWith", "Contains", "Equals", "Compare", "CompareOrdinal", "IsNullOrEmpty"];

    private static readonly ParsingConfig Config = new()
    {
        AllowNewToEvaluateAnyType = false,
        ResolveTypesBySimpleName = false,
        AllowEqualsAndToStringMethodsOnObject = false,
    };

    /// <summary>Every name a rule can use, for error messages and docs/campaigns.md.</summary>
    public static readonly string Available = string.Join(", ",
        Members(typeof(RuleView), "")
            .Concat(Members(typeof(WindowTotals), "H1|H24|D7|D30."))
            .Concat(Members(typeof(CdrFacts), "Cdr."))
            .Concat(Members(typeof(EventFacts), "Event."))
            .Append("Math.Min/Max/Abs/Round/Floor/Ceiling, string StartsWith/EndsWith/Contains, and, or, not, ==, !=, <, <=, >, >=, +, -, *, /, %, ?:, in (...)"));

    /// <summary>The names of the view that read the operator's events (<see cref="EventTermAttribute"/>).</summary>
    public static readonly IReadOnlySet<string> EventTerms = typeof(RuleView).GetMembers(BindingFlags.Public | BindingFlags.Instance)
        .Where(m => m.IsDefined(typeof(EventTermAttribute), inherit: false)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether any of a compiled rule's terms ("Event.Kind", "Balance", "TopUpsWithin(30)") reads the operator's events.</summary>
    public static bool ReadsEvents(IEnumerable<string> terms) =>
        terms.Any(t => EventTerms.Contains(t[..(t.IndexOfAny(['.', '(']) is var end and >= 0 ? end : t.Length)]));

    public static bool TryCompile(string text, out CompiledRule? rule, out RuleError? error)
    {
        rule = null;
        error = Check(text, out var lambda);
        if (error is null)
        {
            var (names, read) = TermCollector.Compile(lambda!);
            var folded = (LambdaExpression)new ConstantLists().Visit(lambda!);
            rule = new CompiledRule(text, (Func<RuleView, bool>)folded.Compile(), names, read);
        }
        return error is null;
    }

    /// <summary>Parses and checks without compiling: null when the rule is acceptable.</summary>
    public static RuleError? Validate(string text) => Check(text, out _);

    private static RuleError? Check(string text, out LambdaExpression? lambda)
    {
        lambda = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RuleError("the rule is empty; write a condition such as H24.VoiceMinutes > 60", null);
        }
        if (text.Length > MaxLength)
        {
            return new RuleError($"the rule is {text.Length} characters long; at most {MaxLength} are accepted", null);
        }
        var shape = RuleShape.Of(text);
        if (shape.Depth > MaxDepth)
        {
            return new RuleError($"the rule is nested {shape.Depth} levels deep (brackets, ?: and unary operators); at most {MaxDepth} are accepted", null);
        }
        if (shape.Nodes > MaxNodes)
        {
            return new RuleError($"the rule has {shape.Nodes} names, values and operators; at most {MaxNodes} are accepted", null);
        }
        try
        {
            lambda = DynamicExpressionParser.ParseLambda(Config, typeof(RuleView), typeof(bool), text);
        }
        catch (ParseException ex)
        {
            return new RuleError($"{ex.Message.TrimEnd('.')} (at position {ex.Position}). A rule can use: {Available}", ex.Position);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or FormatException or OverflowException or InvalidCastException)
        {
            // The parser's own failures besides ParseException (e.g. a literal it converts to the other side's type: == "Free" against a bool).
            return new RuleError($"{ex.Message.TrimEnd('.')}. A rule can use: {Available}", null);
        }
        var sandbox = new Sandbox();
        var refusal = sandbox.Inspect(lambda.Body);
        if (refusal is not null)
        {
            lambda = null;
            return new RuleError(sandbox.RefusedArgument ? $"the rule uses {refusal}" : $"the rule uses {refusal}, which is not allowed. A rule can use: {Available}", null);
        }
        return null;
    }

    private static IEnumerable<string> Members(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType != typeof(CdrFacts) && p.PropertyType != typeof(EventFacts) && p.PropertyType != typeof(WindowTotals) && p.Name != nameof(WindowTotals.Window))
            .Select(p => prefix + p.Name)
            .Concat(type == typeof(RuleView)
                ? ["CallsToSameNumberWithin(minutes)", "CategoryCalls(category)", "TagCalls(tag)", "TopUpsWithin(days)", "LowestBalanceWithin(days)"]
                : []);

    /// <summary>
    /// Makes the list of <c>x in ("a", "b")</c> one array built at compile time: the parser emits a new array on every
    /// evaluation, which with a tier test in many campaigns was over half of the allocation per CDR.
    /// </summary>
    private sealed class ConstantLists : ExpressionVisitor
    {
        protected override Expression VisitNewArray(NewArrayExpression node)
        {
            if (node.NodeType != ExpressionType.NewArrayInit || !node.Expressions.All(e => e is ConstantExpression))
            {
                return base.VisitNewArray(node);
            }
            var elementType = node.Type.GetElementType()!;
            var array = Array.CreateInstance(elementType, node.Expressions.Count);
            for (var i = 0; i < array.Length; i++)
            {
                array.SetValue(((ConstantExpression)node.Expressions[i]).Value, i);
            }
            return Expression.Constant(array, node.Type);
        }
    }

    /// <summary>Finds the view's members and helper calls a rule reads, outermost first, each once.</summary>
    private sealed class TermCollector : ExpressionVisitor
    {
        private readonly List<(string Name, Expression Node)> terms = [];

        public static (IReadOnlyList<string> Names, Func<RuleView, object?[]> Read) Compile(LambdaExpression lambda)
        {
            var collector = new TermCollector();
            collector.Visit(lambda.Body);
            var values = collector.terms.Select(t => (Expression)Expression.Convert(t.Node, typeof(object)));
            var read = Expression.Lambda<Func<RuleView, object?[]>>(Expression.NewArrayInit(typeof(object), values), lambda.Parameters);
            return (collector.terms.Select(t => t.Name).ToList(), read.Compile());
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (PathOf(node) is { } path)
            {
                Add(path, node);
                return node;
            }
            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is ParameterExpression && node.Arguments.All(a => a is ConstantExpression))
            {
                Add($"{node.Method.Name}({string.Join(", ", node.Arguments.Cast<ConstantExpression>().Select(a => a.Value))})", node);
                return node;
            }
            return base.VisitMethodCall(node);
        }

        private void Add(string name, Expression node)
        {
            if (!terms.Any(t => t.Name == name))
            {
                terms.Add((name, node));
            }
        }

        private static string? PathOf(Expression? node) => node switch
        {
            ParameterExpression => "",
            MemberExpression member when PathOf(member.Expression) is { } parent => parent.Length == 0 ? member.Member.Name : $"{parent}.{member.Member.Name}",
            _ => null,
        };
    }

    /// <summary>Walks an expression tree and names the first node that is not on the allow-list.</summary>
    private sealed class Sandbox : ExpressionVisitor
    {
        private string? refusal;

        /// <summary>Whether the refusal is of a helper's argument (the message says what it takes), not of what the rule uses.</summary>
        public bool RefusedArgument { get; private set; }

        public string? Inspect(Expression body)
        {
            Visit(body);
            return refusal;
        }

        public override Expression? Visit(Expression? node)
        {
            if (node is null || refusal is not null)
            {
                return node;
            }
            if (IsInList(node, out var item))
            {
                // "x in (a, b, c)": Enumerable.Contains over a constant list of values, a bounded scan.
                Visit(item);
                return node;
            }
            refusal = node.NodeType switch
            {
                ExpressionType.Parameter => null,
                ExpressionType.Constant => ((ConstantExpression)node).Value is null || IsValue(node.Type) ? null : $"a value of type {node.Type.Name}",
                ExpressionType.MemberAccess => CheckMember((MemberExpression)node),
                ExpressionType.Call => CheckCall((MethodCallExpression)node),
                ExpressionType.Conditional => null,
                ExpressionType.Convert or ExpressionType.ConvertChecked => IsValue(node.Type) ? CheckOperator(((UnaryExpression)node).Method) : $"a conversion to {node.Type.Name}",
                ExpressionType.Not or ExpressionType.Negate or ExpressionType.NegateChecked or ExpressionType.UnaryPlus => CheckOperator(((UnaryExpression)node).Method),
                ExpressionType.AndAlso or ExpressionType.OrElse or ExpressionType.And or ExpressionType.Or or ExpressionType.ExclusiveOr
                    or ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                    or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.Add or ExpressionType.AddChecked
                    or ExpressionType.Subtract or ExpressionType.SubtractChecked or ExpressionType.Multiply or ExpressionType.MultiplyChecked
                    or ExpressionType.Divide or ExpressionType.Modulo or ExpressionType.Coalesce => CheckOperator(((BinaryExpression)node).Method),
                _ => Describe(node),
            };
            return refusal is null ? base.Visit(node) : node;
        }

        private static bool IsValue(Type type) => ValueTypes.Contains(type);

        private static bool IsInList(Expression node, out Expression? item)
        {
            item = null;
            if (node is MethodCallExpression { Method: { Name: nameof(Enumerable.Contains) } method, Arguments: [var list, var value] }
                && method.DeclaringType == typeof(Enumerable)
                && list.Type.IsArray && IsValue(list.Type.GetElementType()!)
                && (list is ConstantExpression || list is NewArrayExpression { NodeType: ExpressionType.NewArrayInit } array && array.Expressions.All(e => e is ConstantExpression)))
            {
                item = value;
            }
            return item is not null;
        }

        private static string? CheckMember(MemberExpression node)
        {
            var declaring = node.Member.DeclaringType;
            if (node.Expression is null)
            {
                return $"the static member {declaring?.Name}.{node.Member.Name}";
            }
            if (declaring is not null && ViewTypes.Contains(declaring))
            {
                return null;
            }
            return declaring == typeof(string) && node.Member.Name == nameof(string.Length) ? null : $"{declaring?.Name}.{node.Member.Name}";
        }

        private string? CheckCall(MethodCallExpression node)
        {
            var method = node.Method;
            var declaring = method.DeclaringType;
            if (declaring == typeof(RuleView) && Helpers.Contains(method.Name))
            {
                var problem = CheckHelperArgument(method.Name, node.Arguments[0]);
                RefusedArgument = problem is not null;
                return problem;
            }
            if (declaring == typeof(Math) && MathFunctions.Contains(method.Name) && IsValue(method.ReturnType))
            {
                return null;
            }
            if (declaring == typeof(string) && StringFunctions.Contains(method.Name) && method.GetParameters().All(p => p.ParameterType == typeof(string)))
            {
                return null;
            }
            if (declaring == typeof(decimal) && method.IsStatic && method.Name.StartsWith("op_", StringComparison.Ordinal))
            {
                return null;
            }
            return $"the method {declaring?.Name}.{method.Name}";
        }

        /// <summary>
        /// The helpers take a constant a rule can be checked against: a tag or category by name (an unknown name, or a
        /// number such as "99" or -1, would count nothing for ever), a number of minutes from 1 to 60, of days within what is kept.
        /// </summary>
        private static string? CheckHelperArgument(string helper, Expression argument)
        {
            var value = (argument as ConstantExpression)?.Value;
            return helper switch
            {
                nameof(RuleView.CategoryCalls) => value is string category && Names<Contracts.Callees.CalleeCategory>.TryParse(category, out _) ? null
                    : $"{helper}({Shown(value)}), whose argument is not a callee category; accepted: one of {string.Join(", ", Enum.GetNames<Contracts.Callees.CalleeCategory>())} in quotes, e.g. {helper}(\"Travel\")",
                nameof(RuleView.TagCalls) => value is string tag && Names<Contracts.Callees.CategoryTag>.TryParse(tag, out _) ? null
                    : $"{helper}({Shown(value)}), whose argument is not a tag; accepted: one of {string.Join(", ", Enum.GetNames<Contracts.Callees.CategoryTag>())} in quotes, e.g. {helper}(\"Health\")",
                nameof(RuleView.TopUpsWithin) => value is int days && days is >= 1 and <= MaxWithinDays ? null
                    : $"{helper}({Shown(value)}), whose argument is not a number of days; accepted: a whole number from 1 to {MaxWithinDays}, e.g. {helper}(30)",
                nameof(RuleView.LowestBalanceWithin) => value is int days && days is >= 1 and <= Accounts.AccountState.Kept ? null
                    : $"{helper}({Shown(value)}), whose argument is not a number of days; accepted: a whole number from 1 to {Accounts.AccountState.Kept}, e.g. {helper}(7)",
                _ => value is int minutes && minutes is >= 1 and <= MaxWithinMinutes ? null
                    : $"{helper}({Shown(value)}), whose argument is not a number of minutes; accepted: a whole number from 1 to {MaxWithinMinutes}, e.g. {helper}(30)",
            };
        }

        private static string Shown(object? value) => value switch
        {
            null => "...",
            string text => $"\"{text}\"",
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "...",
        };

        private static string? CheckOperator(MethodInfo? method) =>
            method is null || method.DeclaringType == typeof(decimal) || method.DeclaringType == typeof(string)
                ? null
                : $"the operator {method.DeclaringType?.Name}.{method.Name}";

        private static string Describe(Expression node) => node.NodeType switch
        {
            ExpressionType.New or ExpressionType.NewArrayInit or ExpressionType.NewArrayBounds or ExpressionType.MemberInit or ExpressionType.ListInit
                => $"object creation ({node.Type.Name})",
            ExpressionType.Lambda or ExpressionType.Quote => "a lambda (rules cannot loop over collections)",
            ExpressionType.Invoke => "a delegate call",
            ExpressionType.TypeIs or ExpressionType.TypeAs or ExpressionType.TypeEqual => "a type test",
            ExpressionType.Index or ExpressionType.ArrayIndex or ExpressionType.ArrayLength => "indexing",
            _ => $"the construct {node.NodeType}",
        };
    }
}
