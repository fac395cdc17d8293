using Cdr.Orleans.Cluster;
using Cdr.Orleans.Silo.Hosting;

// The host stops on SIGTERM by itself (grains deactivate, state is stored); the command line must not cut that short.
return await SiloCommandLine.Build(RunAsync).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null });

static async Task<int> RunAsync(string[] arguments)
{
    WebApplication app;
    try
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments, ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "console"),
        });
        builder.Configuration.AddCommandLine(arguments, SiloCommandLine.Switches);
        builder.AddCdrSilo();
        app = builder.Build();
        app.MapCdrSilo();
    }
    catch (ArgumentException ex)
    {
        // A bad switch or setting, or a port in use: the message says what was wrong and what is accepted.
        Console.Error.WriteLine($"error: {ex.Message}");
        return 2;
    }

    try
    {
        var cluster = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CdrClusterOptions>>().Value;
        if (cluster.Durable)
        {
            // Orleans would fail at once without Redis; a silo started before its Redis waits for it instead.
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            await cluster.WaitForRedisAsync(line => Console.Error.WriteLine($"warn: {line}"), stop.Token);
            if (await RedisStartupCheck.CheckAsync(cluster) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return 2;
            }
        }
        var kafka = app.Services.GetService<Cdr.Orleans.Infrastructure.Kafka.Streams.KafkaCdrTopic>();
        if (kafka is not null)
        {
            // The topic must exist before the partitions can be read: said here, in one line, rather than as a failed start.
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            await kafka.WaitAsync(line => Console.Error.WriteLine($"warn: {line}"), stop.Token);
        }
        await app.RunAsync();
        return 0;
    }
    catch (OperationCanceledException)
    {
        return 1;
    }
    catch (Exception ex) when (StartupFailure.Explain(ex) is { } reason)
    {
        Console.Error.WriteLine($"error: {reason}");
        return 2;
    }
}
