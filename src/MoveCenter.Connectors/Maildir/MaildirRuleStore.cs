using System.Text;

namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// A user's Sieve scripts as Dovecot's Pigeonhole keeps them when the home is the Maildir
/// (<c>sieve = file:~/sieve;active=~/.dovecot.sieve</c>): each script is <c>{mailbox}/sieve/NAME.sieve</c>, and the
/// active one is the symlink <c>{mailbox}/.dovecot.sieve → sieve/NAME.sieve</c>. A plain file in place of the symlink
/// (a script written by hand) is listed as the active script <see cref="HandWrittenScript"/>, the name Pigeonhole gives
/// it when it is first replaced. No script is read or written through a link: <c>.dovecot.sieve</c> only marks which
/// script in <c>sieve/</c> is active, and a script file that is itself a link is listed as skipped, unread.
/// </summary>
public sealed class MaildirRuleStore(string mailboxPath) : IRuleStore
{
    public const string ScriptDirectory = "sieve";
    public const string ActiveLink = ".dovecot.sieve";
    public const string Extension = ".sieve";
    public const string HandWrittenScript = "dovecot.orig";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private string Scripts => Path.Combine(mailboxPath, ScriptDirectory);

    private string Active => Path.Combine(mailboxPath, ActiveLink);

    public async Task<IReadOnlyList<SieveScript>> ListAsync(CancellationToken cancellationToken)
    {
        var active = ActiveScriptPath();
        var scripts = new List<SieveScript>();
        if (Directory.Exists(Scripts) && !MaildirLinks.IsLink(Scripts))
        {
            foreach (var file in Directory.EnumerateFiles(Scripts, "*" + Extension).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                var isActive = active is not null && PathsEqual(active, file);
                scripts.Add(MaildirLinks.IsLink(file)
                    ? new SieveScript(name, "", isActive) { SkipReason = MaildirLinks.NotMoved }
                    : new SieveScript(name, await File.ReadAllTextAsync(file, Utf8, cancellationToken), isActive));
            }
        }
        if (File.Exists(Active) && new FileInfo(Active).LinkTarget is null && scripts.All(s => s.Name != HandWrittenScript))
            scripts.Add(new SieveScript(HandWrittenScript, await File.ReadAllTextAsync(Active, Utf8, cancellationToken), true));
        return scripts;
    }

    public async Task PutAsync(SieveScript script, CancellationToken cancellationToken)
    {
        ValidateName(script.Name);
        if (MaildirLinks.IsLink(Scripts)) throw new RuleRefusedException(MaildirLinks.WritingRefused(Scripts));
        Directory.CreateDirectory(Scripts);
        var file = Path.Combine(Scripts, script.Name + Extension);
        var temporary = Path.Combine(Scripts, $".{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, script.Content, Utf8, cancellationToken);
        File.Move(temporary, file, overwrite: true);
        if (script.Active) Activate(script.Name);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Activate(string name)
    {
        if (File.Exists(Active) && new FileInfo(Active).LinkTarget is null)
        {
            // Keep a hand-written script as Pigeonhole does, instead of losing it under the new link.
            var kept = Path.Combine(Scripts, HandWrittenScript + Extension);
            if (!File.Exists(kept)) File.Move(Active, kept);
        }
        // A new link renamed over the old one: the active script is never missing, not even for a moment.
        var link = Path.Combine(mailboxPath, $".{ActiveLink}.{Guid.NewGuid():N}.tmp");
        File.CreateSymbolicLink(link, Path.Combine(ScriptDirectory, name + Extension));
        File.Move(link, Active, overwrite: true);
    }

    private string? ActiveScriptPath()
    {
        var info = new FileInfo(Active);
        if (info.LinkTarget is not { } target) return null;
        return Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(mailboxPath, target));
    }

    private static bool PathsEqual(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.StartsWith('.') || name.IndexOfAny(['/', '\\', '\0', '\r', '\n']) >= 0)
            throw new RuleRefusedException($"\"{name}\" cannot be a Sieve script name here: it is empty, starts with '.' or contains '/', '\\\\' or a line break.");
    }
}
