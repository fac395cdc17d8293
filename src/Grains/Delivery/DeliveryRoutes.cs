using Cdr.Orleans.Contracts.Campaigns;
using Cdr.Orleans.Domain.Delivery;
using Cdr.Orleans.Infrastructure.Delivery;
using Cdr.Orleans.Infrastructure.Hosting;

namespace Cdr.Orleans.Grains.Delivery;

/// <summary>The channels a silo delivers through, made from <see cref="DeliveryOptions"/> once as it starts.</summary>
public static class DeliveryRoutes
{
    /// <summary>
    /// A route per configured offer channel; with <paramref name="dataDirectory"/> (embedded mode), the offer channels not
    /// configured each go to a file under it. A secret file that cannot be read, or holds too short a secret, throws
    /// <see cref="ArgumentException"/> saying which.
    /// </summary>
    public static IReadOnlyList<ChannelRoute> From(DeliveryOptions options, string? dataDirectory, TimeProvider time)
    {
        var routes = new List<ChannelRoute>();
        var data = string.IsNullOrWhiteSpace(dataDirectory) ? null : Path.GetFullPath(dataDirectory);
        foreach (var offerChannel in OfferSpec.Channels)
        {
            var at = $"{DeliveryOptions.SectionName}:Channels:{offerChannel}";
            if (!options.Channels.TryGetValue(offerChannel, out var channel))
            {
                if (data is null)
                {
                    continue;
                }
                channel = new ChannelOptions { Kind = ChannelKind.File };
            }
            IOfferChannel made = channel.Kind switch
            {
                ChannelKind.Webhook => new WebhookChannel(new Uri(channel.Url!), SecretOf(channel, at), channel.Timeout, time),
                ChannelKind.Kafka => new Infrastructure.Kafka.Delivery.KafkaOfferChannel(channel.Brokers!, channel.Topic!, channel.Timeout, channel.Kafka),
                _ => new FileChannel(channel.Path ?? Path.Combine(data ?? ".", "offers", offerChannel + ".jsonl")),
            };
            routes.Add(new ChannelRoute(offerChannel, $"{offerChannel} {made.Describe}", made, channel.RatePerSecond, channel.MaxInFlight, channel.Retries));
        }
        return routes;
    }

    private static string SecretOf(ChannelOptions channel, string at)
    {
        var secret = SecretFile.Read(channel.SecretFile, $"{at}:SecretFile") ?? channel.Secret!;
        return secret.Length >= WebhookSignature.MinSecretLength
            ? secret
            : throw new ArgumentException($"{at}:SecretFile '{channel.SecretFile}' holds a secret of {secret.Length} characters; at least {WebhookSignature.MinSecretLength} are needed (e.g. openssl rand -hex 32)");
    }
}
