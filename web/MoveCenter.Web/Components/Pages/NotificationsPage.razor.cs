using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MoveCenter.Application.Common;
using MoveCenter.Application.Notifications;
using MoveCenter.Web.Components.Forms;
using MoveCenter.Web.Components.Notifications;
using MudBlazor;

namespace MoveCenter.Web.Components.Pages;

public sealed partial class NotificationsPage
{
    private const int ProblemsShown = 100;

    private NotificationSettingsForm? _form;
    private IReadOnlyList<OutboxProblem> _problems = [];
    private FieldErrors _errors = FieldErrors.None;
    private bool _busy;
    private string _actor = "";

    [Inject] private NotificationSettingsStore Store { get; set; } = default!;
    [Inject] private SaveNotificationSettingsHandler Save { get; set; } = default!;
    [Inject] private OutboxProblemsHandler Problems { get; set; } = default!;
    [Inject] private ResendNotificationHandler Resend { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = (await Authentication).User.Identity?.Name ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _form = NotificationSettingsForm.From(await Store.SettingsAsync(CancellationToken.None), await Store.TemplatesAsync(CancellationToken.None));
        _problems = await Problems.HandleAsync(ProblemsShown, CancellationToken.None);
        _errors = FieldErrors.None;
    }

    private Task SaveAsync() => RunAsync(async () =>
    {
        await Save.HandleAsync(_form!.ToRequest(), _actor, CancellationToken.None);
        await LoadAsync();
        Snackbar.Add("The notification settings are saved.", Severity.Success);
    });

    private Task ResendAsync(OutboxProblem problem) => RunAsync(async () =>
    {
        await Resend.HandleAsync(problem.Id, _actor, CancellationToken.None);
        _problems = await Problems.HandleAsync(ProblemsShown, CancellationToken.None);
        Snackbar.Add($"Notification {problem.Id} will be sent again.", Severity.Success);
    });

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (RequestRejectedException rejected)
        {
            _errors = new FieldErrors(rejected.Errors);
            Snackbar.Add(rejected.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
