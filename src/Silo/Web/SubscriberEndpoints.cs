using Cdr.Orleans.Contracts.Subscribers;
using Cdr.Orleans.Domain.Cdrs;

namespace Cdr.Orleans.Silo.Web;

/// <summary>
/// One subscriber for the console, as <c>subscriber show</c> gives it, with each campaign model's score of it now. The
/// number asked for is shown in full (the person asking has it); the numbers it calls are masked. Its profile is
/// personal data: with a key set, this route (as every other) needs it.
/// </summary>
public static class SubscriberEndpoints
{
    public static void MapSubscriberEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/subscribers/{msisdn}", async (string msisdn, IGrainFactory grains) =>
        {
            var number = msisdn.Trim();
            number = number.StartsWith('+') ? number : "+" + number; // a '+' left out of a URL, or sent as a space
            if (!Msisdn.IsValid(number))
            {
                return WebConsoleJson.Error(StatusCodes.Status400BadRequest,
                    $"'{msisdn}' is not an E.164 number; accepted: '+' then 8 to 15 digits, e.g. +447700900123");
            }
            if (await grains.GetGrain<ISubscriberGrain>(number).GetSnapshotAsync() is not { } snapshot)
            {
                return WebConsoleJson.Error(StatusCodes.Status404NotFound, $"no subscriber {number}: no profile was loaded for it and it has made no call");
            }
            return WebConsoleJson.Json(snapshot with { TopCallees = [.. snapshot.TopCallees.Select(c => c with { Msisdn = Msisdn.Mask(c.Msisdn) })] });
        });
}
