using FluentValidation;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Directory;

/// <summary>The checks of a time zone and of move windows, the same for a post office and for a batch.</summary>
public static class MoveWindowRules
{
    public static IRuleBuilderOptions<T, string?> IsTimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(zone => zone is null || MoveSchedule.FindZone(zone) is not null)
            .WithMessage((_, zone) => $"timeZone must be an IANA time zone such as Europe/Berlin, America/New_York or UTC; '{zone}' is not.");

    /// <summary>Each window's problems under "windows[i]", as a script finds the window in its JSON.</summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyList<MoveWindowRequest>?> AreWindows<T>(this IRuleBuilder<T, IReadOnlyList<MoveWindowRequest>?> rule) =>
        rule.Custom((windows, context) =>
        {
            for (var index = 0; index < (windows?.Count ?? 0); index++)
                foreach (var error in MoveWindow.Parse(windows![index].Days, windows[index].From, windows[index].To).Errors)
                    context.AddFailure($"windows[{index}]", $"Window {index + 1}: {error}");
            if (windows is not null && MoveSchedule.Store(windows.Select(w => MoveWindow.Parse(w.Days, w.From, w.To).Window).OfType<MoveWindow>())
                    is { Length: > PostOffice.WindowsMaxLength })
                context.AddFailure("windows", "Too many windows: merge some of them into ranges of days.");
        });

    /// <summary>The windows as the domain knows them; call only on validated windows.</summary>
    public static IReadOnlyList<MoveWindow> Parsed(IReadOnlyList<MoveWindowRequest>? windows) =>
        [.. (windows ?? []).Select(w => MoveWindow.Parse(w.Days, w.From, w.To).Window!)];
}
