namespace MoveCenter.Domain.Directory;

public enum PostOfficeKind
{
    Maildir,
    Imap,
}

public enum ImapSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>A mail store users live on: a local Maildir root or an IMAP server reached with an admin account.</summary>
public sealed class PostOffice
{
    public const int DefaultMaxConcurrentMoves = 4;

    // Column sizes: the database configuration and the request validators both take them from here.
    public const int NameMaxLength = 128;
    public const int DomainMaxLength = 128;
    public const int RootPathMaxLength = 1024;
    public const int HostMaxLength = 255;
    public const int AdminUserMaxLength = 256;
    public const int SiteMaxLength = 64;
    public const int TimeZoneMaxLength = 64;
    public const int WindowsMaxLength = 2000;
    public const int ProtectedAdminPasswordMaxLength = 4000;

    /// <summary>
    /// The longest admin password accepted: it is stored encrypted and base64-encoded, which more than doubles a
    /// password of multi-byte characters, and the result must still fit <see cref="ProtectedAdminPasswordMaxLength"/>.
    /// </summary>
    public const int AdminPasswordMaxLength = 512;

    private PostOffice() { }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Domain { get; private set; } = "";
    public PostOfficeKind Kind { get; private set; }
    public string? RootPath { get; private set; }
    public string? Host { get; private set; }
    public int? Port { get; private set; }
    public ImapSecurity Security { get; private set; }
    public string? AdminUser { get; private set; }

    /// <summary>The admin password, encrypted with the application's data protection keys. Never shown again.</summary>
    public string? ProtectedAdminPassword { get; private set; }
    public bool SkipCertificateValidation { get; private set; }

    /// <summary>The ManageSieve port of an IMAP post office's host, when it offers users' Sieve rules; null when it does not.</summary>
    public int? SievePort { get; private set; }
    public int MaxConcurrentMoves { get; private set; } = DefaultMaxConcurrentMoves;

    /// <summary>The site whose nodes alone work on moves from or to this post office; null when any node may.</summary>
    public string? Site { get; private set; }

    /// <summary>The IANA time zone the post office's windows are written in.</summary>
    public string TimeZone { get; private set; } = MoveSchedule.DefaultTimeZone;

    /// <summary>When moves may run here, in the stored form "Mon-Fri 22:00-06:00;Sat,Sun 00:00-24:00"; null when always.</summary>
    public string? Windows { get; private set; }

    /// <summary>How many bytes per second all moves from or to this post office may carry together; 0 when unlimited.</summary>
    public long MaxBytesPerSecond { get; private set; }

    public MoveSchedule Schedule => MoveSchedule.Parse(TimeZone, Windows);

    public void PinToSite(string? site) => Site = string.IsNullOrWhiteSpace(site) ? null : site.Trim();

    public void ScheduleMoves(string timeZone, IReadOnlyList<MoveWindow> windows)
    {
        if (MoveSchedule.FindZone(timeZone) is null) throw new ArgumentException($"'{timeZone}' is not an IANA time zone.", nameof(timeZone));
        TimeZone = timeZone.Trim();
        Windows = MoveSchedule.Store(windows);
    }

    public void Throttle(long maxBytesPerSecond) =>
        MaxBytesPerSecond = maxBytesPerSecond >= 0 ? maxBytesPerSecond : throw new ArgumentOutOfRangeException(nameof(maxBytesPerSecond));

    public void Rename(string name, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        (Name, Domain) = (name, domain);
    }

    public void LimitMoves(int maxConcurrentMoves) => MaxConcurrentMoves = RequirePositive(maxConcurrentMoves);

    public void RelocateMaildir(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        (Kind, RootPath, Host, Port, AdminUser, ProtectedAdminPassword, SievePort, SkipCertificateValidation) =
            (PostOfficeKind.Maildir, rootPath, null, null, null, null, null, false);
    }

    /// <summary>Points the post office at an IMAP server; the stored password stays unless a new one is given.</summary>
    public void Reconnect(string host, int port, ImapSecurity security, string adminUser, string? protectedAdminPassword,
        bool skipCertificateValidation, int? sievePort)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(adminUser);
        var password = protectedAdminPassword ?? ProtectedAdminPassword
            ?? throw new ArgumentException("An IMAP post office needs an admin password.", nameof(protectedAdminPassword));
        (Kind, RootPath, Host, Port, Security, AdminUser, ProtectedAdminPassword, SkipCertificateValidation, SievePort) =
            (PostOfficeKind.Imap, null, host, port, security, adminUser, password, skipCertificateValidation, sievePort);
    }

    public static PostOffice Maildir(string name, string domain, string rootPath, int maxConcurrentMoves = DefaultMaxConcurrentMoves)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        return new PostOffice
        {
            Name = name,
            Domain = domain,
            Kind = PostOfficeKind.Maildir,
            RootPath = rootPath,
            MaxConcurrentMoves = RequirePositive(maxConcurrentMoves),
        };
    }

    public static PostOffice Imap(
        string name, string domain, string host, int port, ImapSecurity security, string adminUser,
        string protectedAdminPassword, bool skipCertificateValidation, int maxConcurrentMoves = DefaultMaxConcurrentMoves,
        int? sievePort = null)
    {
        if (sievePort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(sievePort), "A Sieve port is between 1 and 65535.");
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(adminUser);
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedAdminPassword);
        return new PostOffice
        {
            Name = name,
            Domain = domain,
            Kind = PostOfficeKind.Imap,
            Host = host,
            Port = port,
            Security = security,
            AdminUser = adminUser,
            ProtectedAdminPassword = protectedAdminPassword,
            SkipCertificateValidation = skipCertificateValidation,
            SievePort = sievePort,
            MaxConcurrentMoves = RequirePositive(maxConcurrentMoves),
        };
    }

    private static int RequirePositive(int value) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A post office needs at least one move slot.");
}
