using System.Xml.Linq;

namespace Cdr.Orleans.Tests.Architecture;

/// <summary>
/// The dependency rule of the README's project map, checked on the project files and on the compiled assemblies: a
/// reference that the rule does not allow fails here, before it spreads.
/// </summary>
public sealed class DependencyRuleTests
{
    /// <summary>Which projects each project may reference (the rule), and which packages, where that is limited.</summary>
    private static readonly Dictionary<string, (string[] Projects, string[]? Packages)> Rule = new(StringComparer.Ordinal)
    {
        ["Contracts"] = ([], ["Microsoft.Orleans.Sdk"]),
        ["Domain"] = (["Contracts"], ["Microsoft.Orleans.Sdk", "libphonenumber-csharp", "System.Linq.Dynamic.Core"]),
        ["Infrastructure"] = (["Contracts", "Domain"], ["Microsoft.Orleans.Sdk", "Microsoft.Orleans.Streaming", "Parquet.Net", "DuckDB.NET.Data.Full"]),
        ["Learning"] = (["Contracts", "Domain"], ["Microsoft.ML", "Microsoft.ML.FastTree"]),
        ["Infrastructure.Redis"] = (["Contracts", "Domain", "Infrastructure"], ["StackExchange.Redis", "Microsoft.Orleans.Sdk", "Microsoft.Orleans.Streaming"]),
        ["Infrastructure.Kafka"] = (["Contracts", "Domain", "Infrastructure"], ["Confluent.Kafka", "Microsoft.Orleans.Sdk", "Microsoft.Orleans.Streaming"]),
        ["Cluster"] = (["Contracts", "Domain", "Infrastructure", "Infrastructure.Redis"], ["Microsoft.Orleans.Sdk", "Microsoft.Orleans.Client", "Microsoft.Orleans.Clustering.Redis", "System.CommandLine"]),
        ["Grains"] = (["Contracts", "Domain", "Infrastructure", "Infrastructure.Redis", "Infrastructure.Kafka", "Cluster", "Learning"], null),
        ["Generator"] = (["Contracts", "Domain", "Infrastructure", "Cluster"], null),
        ["Client"] = (["Contracts", "Domain", "Infrastructure", "Cluster"], null),
        ["Silo"] = (["Contracts", "Domain", "Infrastructure", "Grains", "Generator"], null),
        ["Bench"] = (["Silo", "Learning"], null),
    };

    /// <summary>Assemblies the pure projects' compiled code must never reference: a runtime, a server, Redis, our own outer projects.</summary>
    private static readonly string[] NotInPureProjects =
        ["StackExchange.Redis", "Orleans.Runtime", "Orleans.Core", "Orleans.Streaming", "Orleans.Clustering.Redis", "Orleans.Persistence.Redis",
         "Orleans.Persistence.Memory", "Cdr.Orleans.Infrastructure", "Cdr.Orleans.Grains", "Cdr.Orleans.Silo", "Cdr.Orleans.Client", "Cdr.Orleans.Generator"];

    /// <summary>Families of assemblies they must not reference either: web and generic hosts.</summary>
    private static readonly string[] NotInPureProjectsFamilies = ["Microsoft.AspNetCore", "Microsoft.Extensions.Hosting"];

    [Fact]
    public void Given_every_project_file_When_its_references_are_read_Then_each_is_one_the_rule_allows()
    {
        var src = RepositoryFiles.PathOf("src");
        var projects = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal);
        Assert.Equal(Rule.Keys.Order(StringComparer.Ordinal), projects.Keys.Order(StringComparer.Ordinal));

        var broken = new List<string>();
        foreach (var (name, path) in projects)
        {
            var xml = XDocument.Load(path);
            var (allowedProjects, allowedPackages) = Rule[name];
            foreach (var reference in xml.Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/'))))
            {
                if (!allowedProjects.Contains(reference))
                {
                    broken.Add($"{name} references project {reference}");
                }
            }
            foreach (var package in xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value))
            {
                if (allowedPackages is not null && !allowedPackages.Contains(package))
                {
                    broken.Add($"{name} references package {package}");
                }
            }
        }
        Assert.Equal([], broken);
    }

    [Fact]
    public void Given_the_pure_projects_When_their_compiled_references_are_read_Then_none_is_a_runtime_Redis_or_a_host()
    {
        var pure = new[] { typeof(global::Cdr.Orleans.Contracts.Cdrs.CallDetailRecord).Assembly, typeof(global::Cdr.Orleans.Domain.SubscriberFold).Assembly };
        var found = pure
            .SelectMany(a => a.GetReferencedAssemblies().Select(r => (Assembly: a.GetName().Name, Reference: r.Name!)))
            .Where(r => NotInPureProjects.Contains(r.Reference) || NotInPureProjectsFamilies.Any(n => r.Reference.StartsWith(n, StringComparison.Ordinal)))
            .Select(r => $"{r.Assembly} references {r.Reference}")
            .ToList();
        Assert.Equal([], found);
    }

    [Fact]
    public void Given_the_console_client_the_generator_and_the_shared_infrastructure_When_their_compiled_references_are_followed_Then_no_kafka_code_is_among_them()
    {
        var roots = new[] { "Cdr.Orleans.Client", "Cdr.Orleans.Generator" };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name) || !name.StartsWith("Cdr.Orleans.", StringComparison.Ordinal))
            {
                continue; // only our own assemblies are followed: the packages they name are what is looked at
            }
            foreach (var reference in System.Reflection.Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(reference.Name!);
            }
        }
        Assert.DoesNotContain(seen, n => n is "Cdr.Orleans.Infrastructure.Kafka" or "Confluent.Kafka");
        Assert.Contains("Cdr.Orleans.Cluster", seen); // what they do use: the cluster switches and connection
        var shared = System.Reflection.Assembly.Load("Cdr.Orleans.Infrastructure").GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.DoesNotContain(shared, n => n is "StackExchange.Redis" or "Confluent.Kafka" or "Orleans.Clustering.Redis");
    }

    /// <summary>A project that breaks the rule is found: the check is not vacuous.</summary>
    [Fact]
    public void Given_a_domain_that_references_redis_When_checked_Then_the_rule_refuses_it()
    {
        var (_, packages) = Rule["Domain"];
        Assert.DoesNotContain("StackExchange.Redis", packages!);
        Assert.DoesNotContain("Infrastructure", Rule["Domain"].Projects);
        Assert.DoesNotContain("Grains", Rule["Client"].Projects);
        Assert.DoesNotContain("Grains", Rule["Generator"].Projects);
    }
}
