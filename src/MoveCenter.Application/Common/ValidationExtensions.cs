using System.Text.Json;
using FluentValidation;

namespace MoveCenter.Application.Common;

public static class ValidationExtensions
{
    /// <summary>Validates a request and turns every failure into one rejection that names each bad field.</summary>
    public static async Task EnsureValidAsync<T>(this IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(request, cancellationToken);
        if (result.IsValid) return;
        var errors = result.Errors
            .GroupBy(e => JsonName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        throw new RequestRejectedException(RejectionKind.Invalid, string.Join(" ", result.Errors.Select(e => e.ErrorMessage)), errors);
    }

    /// <summary>"Options.BadItemLimit" as a script wrote it in its JSON: "options.badItemLimit".</summary>
    private static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
