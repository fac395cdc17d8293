using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Cdr.Orleans.Tests.Logging;

/// <summary>Every log message of ours has an event id of its own, so that operators can filter and alert on it (docs/operations.md lists them).</summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Given_every_logger_message_of_the_engine_When_read_Then_each_has_a_distinct_event_id()
    {
        // Every project of src/ that logs; a project added without its name here is found missing below.
        string[] names = ["Grains", "Cluster", "Domain", "Silo", "Generator", "Client", "Learning", "Infrastructure", "Infrastructure.Redis", "Infrastructure.Kafka"];
        var assemblies = names.Select(n => Assembly.Load($"Cdr.Orleans.{n}")).ToArray();
        var projects = Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension);
        Assert.Equal([], projects.Except([.. names, "Contracts", "Bench"]));
        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count >= 20, $"only {messages.Count} logger messages found");
        Assert.Equal([], messages.Where(m => m.Attribute!.EventId == 0).Select(m => m.Method));
        Assert.Equal([], messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}"));
    }
}
