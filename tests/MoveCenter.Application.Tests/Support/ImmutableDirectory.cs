using System.Diagnostics;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// Makes a directory tree immutable with <c>chattr -R +i</c>, so that even root cannot remove anything in it: a source
/// post office that refuses the purge. Disposal lifts it again, so the test folder can be deleted.
/// </summary>
public sealed class ImmutableDirectory : IDisposable
{
    private readonly string _path;
    private bool _applied;

    private ImmutableDirectory(string path) => _path = path;

    public static ImmutableDirectory Apply(string path)
    {
        var immutable = new ImmutableDirectory(path);
        Chattr("+i", path);
        immutable._applied = true;
        return immutable;
    }

    /// <summary>The admin removed the cause: the tree can be changed again.</summary>
    public void Lift()
    {
        if (!_applied) return;
        Chattr("-i", _path);
        _applied = false;
    }

    private static void Chattr(string change, string path)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", ["-R", change, path]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("chattr could not be started.");
        var error = chattr.StandardError.ReadToEnd();
        chattr.WaitForExit();
        if (chattr.ExitCode != 0)
            throw new InvalidOperationException($"chattr -R {change} {path} failed ({chattr.ExitCode}): {error} (the tests run as root on a file system with attributes, such as ext4)");
    }

    public void Dispose() => Lift();
}
