using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Infrastructure.Hosting;

/// <summary>
/// The one way an options class is read: its section bound over its defaults and checked by its own Validate method,
/// whose message names the setting, the value and what is accepted. Services read options through
/// <see cref="IOptions{TOptions}"/> (<see cref="AddSettings{T}"/>); wiring that must decide before the container exists
/// reads them once with <see cref="ReadSettings{T}"/>.
/// </summary>
public static class SettingsExtensions
{
    /// <summary>The section as a <typeparamref name="T"/>; a value that does not convert, or that Validate refuses, throws <see cref="ArgumentException"/>.</summary>
    public static T ReadSettings<T>(this IConfiguration configuration, string section, Func<T, string?> validate) where T : class, new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException($"{ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}", ex);
        }
        return validate(options) is { } error ? throw new ArgumentException(error) : options;
    }

    /// <summary>Registers <typeparamref name="T"/> bound to its section of <paramref name="configuration"/>, validated when the host starts.</summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, string?> validate) where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(validate));
        return services;
    }
}
