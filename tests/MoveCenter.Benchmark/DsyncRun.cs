using System.Diagnostics;
using MoveCenter.Testing;

namespace MoveCenter.Benchmark;

/// <summary>
/// Dovecot's own migrator on the same mailbox in the same run, so the two rates share the box's state and load:
/// <c>doveadm backup -R</c> pulls over imapc from the source and writes the target's storage directly.
/// </summary>
internal static class DsyncRun
{
    public static async Task<TimeSpan> CopyAsync(DovecotServer source, DovecotServer target, string sourceUser, string targetUser,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, output) = await target.DoveadmAsync(
        [
            "-o", $"imapc_host={source.Host}", "-o", $"imapc_port={source.ImapPort}",
            "-o", $"imapc_user={sourceUser}", "-o", $"imapc_master_user={source.MasterUser}", "-o", $"imapc_password={source.MasterPassword}",
            // As Dovecot documents for migrations: sizes and headers from the source server instead of fetching each body twice.
            "-o", "imapc_features=rfc822.size fetch-headers", "-o", "mail_prefetch_count=20",
            "backup", "-R", "-u", targetUser, "imapc:",
        ], cancellationToken);
        if (exitCode != 0) throw new InvalidOperationException($"dsync exited with {exitCode}: {output}");
        return watch.Elapsed;
    }
}
