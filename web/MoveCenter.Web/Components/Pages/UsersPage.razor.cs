using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MoveCenter.Application.Common;
using MoveCenter.Web.Components.Admin;
using MoveCenter.Web.Security;
using MudBlazor;

namespace MoveCenter.Web.Components.Pages;

public partial class UsersPage
{
    private IReadOnlyList<SignInAccount> _accounts = [];
    private string _actor = "";
    private string? _newUser;
    private string? _newDisplayName;
    private string _newRole = Roles.Helpdesk;
    private string? _newPassword;
    private bool _busy;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = (await Authentication).User.Identity?.Name ?? "";
        _accounts = await Accounts.ListAsync(CancellationToken.None);
    }

    private static string Status(SignInAccount account) =>
        account.Disabled ? "Disabled"
        : account.LockedUntil is { } until ? $"Locked until {until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC"
        : "";

    private Task CreateAsync() => RunAsync(async () =>
    {
        await Accounts.CreateAsync(_actor, _newUser ?? "", _newDisplayName, _newRole, _newPassword ?? "");
        Snackbar.Add($"{_newUser} can now sign in as {_newRole}.", Severity.Success);
        (_newUser, _newDisplayName, _newPassword) = (null, null, null);
    });

    private Task ChangeRoleAsync(SignInAccount account, string role) => RunAsync(async () =>
    {
        await Accounts.ChangeRoleAsync(_actor, account.UserName, role);
        Snackbar.Add($"{account.UserName} is now {role}; they are signed out and sign in again with it.", Severity.Success);
    });

    private async Task ResetPasswordAsync(SignInAccount account)
    {
        var dialog = await Dialogs.ShowAsync<PasswordDialog>($"New password for {account.UserName}");
        if (await dialog.Result is { Canceled: false, Data: string password })
            await RunAsync(async () =>
            {
                await Accounts.ResetPasswordAsync(_actor, account.UserName, password);
                Snackbar.Add($"The password of {account.UserName} was reset.", Severity.Success);
            });
    }

    private Task DisableAsync(SignInAccount account) => RunConfirmedAsync($"Disable {account.UserName}?",
        $"{account.UserName} is signed out at once and cannot sign in until an admin enables the account again.", "Disable", async () =>
        {
            await Accounts.DisableAsync(_actor, account.UserName);
            Snackbar.Add($"{account.UserName} is disabled and signed out.", Severity.Success);
        });

    private Task EnableAsync(SignInAccount account) => RunAsync(async () =>
    {
        await Accounts.EnableAsync(_actor, account.UserName);
        Snackbar.Add($"{account.UserName} can sign in again.", Severity.Success);
    });

    private Task DeleteAsync(SignInAccount account) => RunConfirmedAsync($"Delete {account.UserName}?",
        $"{account.UserName} is signed out at once and removed for good; to let them in again, add them anew.", "Delete", async () =>
        {
            await Accounts.DeleteAsync(_actor, account.UserName);
            Snackbar.Add($"{account.UserName} was deleted.", Severity.Success);
        });

    private async Task RunConfirmedAsync(string title, string message, string yes, Func<Task> action)
    {
        if (await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true) await RunAsync(action);
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (RequestRejectedException rejected)
        {
            Snackbar.Add(rejected.Message, Severity.Error);
        }
        finally
        {
            _accounts = await Accounts.ListAsync(CancellationToken.None);
            _busy = false;
        }
    }
}
