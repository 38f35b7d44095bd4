using System.Diagnostics;
using MoveCenter.Testing;

namespace MoveCenter.Benchmark;

/// <summary>
/// Dovecot's own migrator on the same mailbox, for a rate side by side: <c>doveadm backup -R</c> over imapc from the
/// source into a Dovecot of its own, set as the bench scripts peers were measured with (prefetch 20, sizes and headers
/// from the server).
/// </summary>
internal static class DsyncRun
{
    /// <summary>Runs dsync, checks what it wrote against <paramref name="expected"/>, prints its rate and returns its seconds.</summary>
    public static async Task<double> MeasureAsync(DovecotServer source, string user, MailboxSnapshot expected, long totalBytes,
        CancellationToken cancellationToken)
    {
        var (elapsed, target) = await RunAsync(source, user, cancellationToken);
        await using (target)
        {
            var copied = await MailboxSnapshot.TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, user, cancellationToken);
            var differences = MailboxSnapshot.Compare(expected, copied);
            var seconds = elapsed.TotalSeconds;
            Console.WriteLine($"dsync: {copied.Count:N0} messages in {seconds:N1} s, {expected.Count / seconds:N0} msg/s, " +
                              $"{totalBytes / 1024.0 / 1024.0 / seconds:N1} MB/s, {differences.Count} differences (not part of the mover's figures)");
            foreach (var difference in differences.Take(5)) Console.WriteLine($"  {difference}");
            return seconds;
        }
    }

    private static async Task<(TimeSpan Elapsed, DovecotServer Target)> RunAsync(DovecotServer source, string user, CancellationToken cancellationToken)
    {
        var target = await DovecotServer.StartAsync("bench-dsync");
        await target.AddUserAsync(user, "userpw");
        var start = new ProcessStartInfo("doveadm") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-c", target.ConfigPath, "-o", "imapc_host=127.0.0.1", "-o", $"imapc_port={source.ImapPort}",
                     "-o", $"imapc_user={user}", "-o", $"imapc_master_user={source.MasterUser}", "-o", $"imapc_password={source.MasterPassword}",
                     "-o", "imapc_features=rfc822.size fetch-headers", "-o", "mail_prefetch_count=20", "backup", "-R", "-u", user, "imapc:"])
            start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var dsync = Process.Start(start) ?? throw new InvalidOperationException("doveadm did not start");
        var output = dsync.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = dsync.StandardError.ReadToEndAsync(cancellationToken);
        await dsync.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (dsync.ExitCode != 0)
        {
            await target.DisposeAsync();
            throw new InvalidOperationException($"doveadm backup exited with {dsync.ExitCode}: {await errors}{await output}");
        }
        return (elapsed, target);
    }
}
