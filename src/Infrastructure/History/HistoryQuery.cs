using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Cdr.Orleans.Infrastructure.History;

/// <summary>What a history query gave: its columns and rows, and whether rows were left out at <see cref="HistoryQuery.MaxRows"/>.</summary>
public sealed record HistoryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated);

/// <summary>A query that was refused or failed, with what was wrong.</summary>
public sealed class HistoryQueryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// DuckDB over the history files (docs/history.md): one view per table (<c>traffic</c>, <c>decisions</c>,
/// <c>deliveries</c>, <c>responses</c>, <c>dead_letters</c>) over every silo's files, then the query. A query can only
/// read: it must be one SELECT (or WITH ... SELECT, VALUES...), DuckDB may open files under the history directory
/// only, no setting can be changed after the views are made, and no extension is installed or loaded.
/// </summary>
public static class HistoryQuery
{
    /// <summary>Rows a query returns at most; more are left out and the result says so.</summary>
    public const int MaxRows = 100_000;

    private static readonly Dictionary<string, Type> Rows = new()
    {
        [HistoryWriter.Traffic] = typeof(TrafficRecord), [HistoryWriter.Decisions] = typeof(DecisionRecord),
        [HistoryWriter.Deliveries] = typeof(DeliveryRecord), [HistoryWriter.Responses] = typeof(ResponseRecord),
        [HistoryWriter.DeadLetters] = typeof(DeadLetterRecord),
    };

    public static async Task<HistoryResult> RunAsync(string directory, string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new HistoryQueryException("the query is empty; give one SELECT, e.g. SELECT campaign, count(*) FROM decisions GROUP BY campaign");
        }
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new HistoryQueryException($"there is no history at {root} (the silo writes it under its data directory's history folder, or Cdr:History:Directory)");
        }
        using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false; SET memory_limit = '1GB';" +
            $"SET allowed_directories = [{Literal(root)}]; SET enable_external_access = false;", cancellationToken);
        try
        {
            foreach (var (table, type) in Rows)
            {
                // Binding the view reads every file's footer: a damaged file is found here.
                await ExecuteAsync(connection, $"CREATE VIEW {table} AS {Source(root, table, type)}", cancellationToken);
            }
        }
        catch (DbException error)
        {
            throw new HistoryQueryException($"the history cannot be read: {Damaged(error.Message)}", error);
        }
        await ExecuteAsync(connection, "SET lock_configuration = true;", cancellationToken);
        await RefuseAllButOneSelectAsync(connection, sql, cancellationToken);

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var stop = timer.Token.Register(command.Cancel);
        try
        {
            using var reader = await command.ExecuteReaderAsync(timer.Token);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync(timer.Token))
            {
                if (rows.Count == MaxRows)
                {
                    return new HistoryResult(columns, rows, Truncated: true);
                }
                var row = new object?[columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i));
                }
                rows.Add(row);
            }
            return new HistoryResult(columns, rows, Truncated: false);
        }
        catch (Exception error) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && error is OperationCanceledException or DbException)
        {
            throw new HistoryQueryException($"the query ran longer than {timeout.TotalSeconds:0} s and was stopped", error);
        }
        catch (DbException error)
        {
            throw new HistoryQueryException($"the query failed: {Damaged(error.Message)}", error);
        }
    }

    /// <summary>The view of one table: its files, or an empty table of its columns while there are none.</summary>
    private static string Source(string root, string table, Type row)
    {
        var folder = Path.Combine(root, table);
        if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Any())
        {
            return $"SELECT * FROM read_parquet({Literal(Path.Combine(folder, "*", "*", "*.parquet"))}, union_by_name = true)";
        }
        var columns = row.GetProperties().Select(p =>
            $"CAST(NULL AS {SqlType(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)}) AS " +
            (p.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), false) is [System.Text.Json.Serialization.JsonPropertyNameAttribute named] ? named.Name : p.Name));
        return $"SELECT {string.Join(", ", columns)} WHERE false";
    }

    /// <summary>DuckDB's sums are 128-bit (HUGEINT): as a long when they fit, as every caller expects of a count.</summary>
    private static object Plain(object value) =>
        value is System.Numerics.BigInteger big && big >= long.MinValue && big <= long.MaxValue ? (long)big : value;

    private static string SqlType(Type type) =>
        type == typeof(DateTime) ? "TIMESTAMP" : type == typeof(long) ? "BIGINT" : type == typeof(int) ? "INTEGER"
        : type == typeof(double) ? "DOUBLE" : type == typeof(bool) ? "BOOLEAN" : "VARCHAR";

    /// <summary>DuckDB's own parser says what the text is: exactly one SELECT passes.</summary>
    private static async Task RefuseAllButOneSelectAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        // A constant (the function wants one); a quote in the text is doubled, so the text stays one string.
        command.CommandText = $"SELECT json_serialize_sql({Literal(sql)})";
        var json = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "{}";
        var parsed = JsonDocument.Parse(json).RootElement;
        if (parsed.TryGetProperty("error", out var error) && error.GetBoolean())
        {
            var message = parsed.TryGetProperty("error_message", out var text) ? text.GetString() : "it is not a SELECT";
            throw new HistoryQueryException($"only one SELECT is accepted, a query only reads: {message}");
        }
        if (parsed.GetProperty("statements").GetArrayLength() != 1)
        {
            throw new HistoryQueryException("only one SELECT is accepted, and this text holds several statements");
        }
    }

    private static string Damaged(string message) =>
        message.Contains("parquet", StringComparison.OrdinalIgnoreCase) && (message.Contains("magic", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too small", StringComparison.OrdinalIgnoreCase) || message.Contains("corrupt", StringComparison.OrdinalIgnoreCase))
            ? $"{message} (a damaged history file: move it out of the history folder, or add {HistoryFiles.DamagedSuffix} to its name, and query again)"
            : message;

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";
}
