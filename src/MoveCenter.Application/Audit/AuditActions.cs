namespace MoveCenter.Application.Audit;

/// <summary>The names of audited actions, "thing.verb", as the audit trail and its filters spell them.</summary>
public static class AuditActions
{
    public const string MoveQueue = "move.queue";
    public const string MoveRetry = "move.retry";
    public const string MoveSkip = "move.skip";
    public const string MoveForceComplete = "move.forceComplete";
    public const string MoveCancel = "move.cancel";
    public const string MoveComplete = "move.complete";
    public const string MoveSuspend = "move.suspend";
    public const string MoveResume = "move.resume";
    public const string MoveRestart = "move.restart";
    public const string MoveStopDeferredRetries = "move.stopDeferredRetries";
    public const string MoveClear = "move.clear";
    public const string MoveApproveSkipped = "move.approveSkipped";
    public const string MoveCleanupRetry = "move.cleanupRetry";
    public const string BatchCreate = "batch.create";
    public const string BatchSuspend = "batch.suspend";
    public const string BatchResume = "batch.resume";
    public const string BatchCancel = "batch.cancel";
    public const string BatchRetryFailed = "batch.retryFailed";
    public const string BatchComplete = "batch.complete";
    public const string PostOfficeAdd = "postOffice.add";
    public const string PostOfficeEdit = "postOffice.edit";
    public const string PostOfficeDelete = "postOffice.delete";
    public const string DirectoryUserAdd = "directoryUser.add";
    public const string DirectoryUserImport = "directoryUser.import";
    public const string ApiKeyCreate = "apiKey.create";
    public const string ApiKeyRevoke = "apiKey.revoke";
    public const string SignInAccountCreate = "signInAccount.create";
    public const string SignInAccountRoleChange = "signInAccount.roleChange";
    public const string SignInAccountPasswordReset = "signInAccount.passwordReset";
    public const string SignInAccountDisable = "signInAccount.disable";
    public const string SignInAccountEnable = "signInAccount.enable";
    public const string SignInAccountDelete = "signInAccount.delete";
    public const string SignInAccountOwnPasswordChange = "signInAccount.ownPasswordChange";
    public const string NotificationSettingsEdit = "notifications.edit";
    public const string NotificationResend = "notifications.resend";

    /// <summary>How the audit trail names a move: its user first, as people look for it, then the id that is unique.</summary>
    public static string MoveTarget(string userId, Guid moveId) => $"{userId} (move {moveId})";

    public static string BatchTarget(string name, Guid batchId) => $"{name} (batch {batchId})";
}
