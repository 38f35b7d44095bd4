using System.Net.Mail;
using FluentValidation;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Common;

/// <summary>
/// Rules that several requests share, each with a message naming the field as it is spelled in JSON, so that a
/// script author and a person at a dialog both know what to change.
/// </summary>
public static class FieldRules
{
    /// <summary>Keeps a value within its database column: a longer one would fail at the save, or be cut off on some providers.</summary>
    public static IRuleBuilderOptions<T, string?> FitsColumn<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"{field} may be at most {{MaxLength}} characters long; this one has {{TotalLength}}.");

    public static IRuleBuilderOptions<T, string?> WithoutControlCharacters<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(value => value is null || !value.Any(char.IsControl))
            .WithMessage($"{field} may not contain control characters (NUL, tabs, line breaks).");

    /// <summary>
    /// A user id names the user's Maildir folder and is the IMAP login, so it must stay one plain path segment:
    /// "..", a separator or a NUL would reach another folder or cut the name short.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> IsUserId<T>(this IRuleBuilder<T, string?> rule) =>
        rule.FitsColumn("userId", DirectoryUser.UserIdMaxLength)
            .WithoutControlCharacters("userId")
            .Must(id => id is null || (id != "." && !id.Contains("..", StringComparison.Ordinal) && !id.Any(c => char.IsWhiteSpace(c) || c is '/' or '\\' or ':')))
            .WithMessage("userId may not contain '/', '\\', ':', spaces or '..', nor be '.'; it is the mailbox login and names the user's mail folder.");

    /// <summary>An address on its own ("ann@dom1.example"), not with a display name: the directory keeps the display name apart.</summary>
    public static IRuleBuilderOptions<T, string?> IsEmailAddress<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(value => string.IsNullOrEmpty(value) || (MailAddress.TryCreate(value, out var parsed) && parsed.Address == value))
            .WithMessage($"{field} is not an e-mail address; write it as name@domain, e.g. ann@dom1.example.");
}
