using Cdr.Orleans.Silo.Demo;

namespace Cdr.Orleans.Silo.Web;

/// <summary>The demo's load, from the console's load page: read it, and change the rate, the callee skew and the answering of offers.</summary>
public static class LoadEndpoints
{
    public static void MapLoadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/load", (IServiceProvider services) =>
            services.GetService<DemoControl>() is { } control ? WebConsoleJson.Json(Of(control)) : NoDemo());
        api.MapPost("/load", (ConsoleApi.LoadChange change, IServiceProvider services) =>
        {
            if (services.GetService<DemoControl>() is not { } control)
            {
                return NoDemo();
            }
            return control.Apply(change.Rate, change.Skew, change.Answering) is { } error
                ? WebConsoleJson.Error(StatusCodes.Status400BadRequest, error)
                : WebConsoleJson.Json(Of(control));
        });
    }

    private static ConsoleApi.Load Of(DemoControl control) => new(control.Rate, control.Skew?.ToString() ?? "none", control.Answering, control.Subscribers);

    private static IResult NoDemo() => WebConsoleJson.Error(StatusCodes.Status404NotFound,
        "this silo runs without --demo: the load page steers the demo's built-in load only; more load comes from the generator (docs/generator.md)");
}
