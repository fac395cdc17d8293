using Cdr.Orleans.Silo.Demo;

namespace Cdr.Orleans.Silo.Web;

/// <summary>The demo's load, from the console's load page: read it, and change the rate, the callee skew and the answering of offers (key).</summary>
public static class LoadEndpoints
{
    public sealed record LoadChange(double? Rate, string? Skew, bool? Answering);

    public static void MapLoadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/load", (IServiceProvider services) =>
            services.GetService<DemoControl>() is { } control ? Results.Json(Of(control), WebConsoleJson.Options) : NoDemo());
        api.MapPost("/load", (LoadChange change, IServiceProvider services) =>
        {
            if (services.GetService<DemoControl>() is not { } control)
            {
                return NoDemo();
            }
            return control.Apply(change.Rate, change.Skew, change.Answering) is { } error
                ? WebConsoleJson.Error(StatusCodes.Status400BadRequest, error)
                : Results.Json(Of(control), WebConsoleJson.Options);
        }).AddEndpointFilter<ApiKeyFilter>();
    }

    private static object Of(DemoControl control) => new
    {
        control.Rate, skew = control.Skew?.ToString() ?? "none", control.Answering, control.Subscribers,
    };

    private static IResult NoDemo() => WebConsoleJson.Error(StatusCodes.Status404NotFound,
        "this silo runs without --demo: the load page steers the demo's built-in load only; more load comes from the generator (docs/generator.md)");
}
