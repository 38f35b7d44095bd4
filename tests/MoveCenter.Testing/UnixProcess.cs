using System.Runtime.InteropServices;

namespace MoveCenter.Testing;

/// <summary>What .NET does not offer for running Dovecot: a graceful SIGTERM, and the account that owns the mail.</summary>
internal static class UnixProcess
{
    private const int SigTerm = 15;
    private const int NobodyId = 65534;

    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    /// <summary>Dovecot runs its login and mail processes under other accounts, which only root can switch to; mail belongs to nobody.</summary>
    public static MailOwner MailOwner()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("DovecotServer must run as root: Dovecot switches to its own login and mail users.");
        return new MailOwner(NobodyId, NobodyId);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
