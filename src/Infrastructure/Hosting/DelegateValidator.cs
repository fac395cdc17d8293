using Microsoft.Extensions.Options;

namespace Cdr.Orleans.Infrastructure.Hosting;

/// <summary>Validates options with their own Validate method, which returns null or a message naming the bad setting.</summary>
internal sealed class DelegateValidator<T>(Func<T, string?> validate) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        validate(options) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
