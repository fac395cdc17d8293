using Cdr.Orleans.Silo.Bench;
using Cdr.Orleans.Silo.Hosting;

if (args.Length > 0 && args[0] == "bench")
{
    return await BenchCommand.RunAsync(args[1..]);
}

string[] arguments;
try
{
    arguments = SiloCommandLine.Normalise(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = arguments, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(arguments, SiloCommandLine.Switches);
builder.AddCdrSilo();
var app = builder.Build();
app.MapCdrSilo();
await app.RunAsync();
return 0;
