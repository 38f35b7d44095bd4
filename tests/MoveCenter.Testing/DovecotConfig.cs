using System.Text;

namespace MoveCenter.Testing;

/// <summary>Writes a self-contained dovecot.conf: nothing from /etc/dovecot is read, so a system Dovecot cannot interfere.</summary>
internal static class DovecotConfig
{
    public static string Render(DovecotPaths paths, int imapPort, int imapsPort, int sievePort, MailOwner owner, DovecotServerOptions options)
    {
        var text = new StringBuilder($$"""
            instance_name = movecenter-{{Path.GetFileName(paths.Root)}}
            base_dir = {{paths.Run}}
            state_dir = {{paths.State}}
            log_path = {{paths.Log}}
            protocols = imap sieve
            listen = 127.0.0.1
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            auth_master_user_separator = *
            # Logins keep their case (Dovecot lowercases them by default), so a directory user "UserA" finds its file users/UserA.
            auth_username_format = %u
            # Tests try wrong passwords on purpose; the default 2 s penalty would only slow them down.
            auth_failure_delay = 0
            first_valid_uid = {{owner.Uid}}
            last_valid_uid = 0
            mail_uid = {{owner.Uid}}
            mail_gid = {{owner.Gid}}
            # Durability does not matter for throw-away servers; fsync dominates append time.
            mail_fsync = never
            # The connector opens several sessions per mailbox in parallel.
            mail_max_userip_connections = 200
            default_process_limit = 100
            default_client_limit = 1000
            mail_location = maildir:{{paths.Mail}}/%u
            # Files hold what the client sent: with Dovecot's default (no) it stores LF line ends and drops a CR before
            # a CRLF and a message's last CR, whatever the client sends, and the byte-for-byte tests test the mover.
            mail_save_crlf = yes

            namespace inbox {
              inbox = yes
              separator = /
              prefix =

            """);
        foreach (var (name, use) in options.SpecialUseMailboxes)
            text.Append($"  mailbox \"{name}\" {{\n    special_use = {use}\n  }}\n");
        text.Append($$"""
            }

            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%n {{paths.MasterUsers}}
              master = yes
              result_success = continue
            }
            # One file per user: a file that is new is read at once, while a changed shared file may be reread late.
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{paths.Users}}/%u
            }
            userdb {
              driver = passwd-file
              args = username_format=%u {{paths.Users}}/%u
              default_fields = uid={{owner.Uid}} gid={{owner.Gid}} home={{paths.Mail}}/%u
            }

            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{imapPort}}
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = {{(options.StartTls ? imapsPort : 0)}}
              }
            }
            service managesieve-login {
              inet_listener sieve {
                address = 127.0.0.1
                port = {{sievePort}}
              }
            }
            service stats {
              inet_listener http {
                port = 0
              }
            }
            plugin {
              sieve = file:~/sieve;active=~/.dovecot.sieve
            }

            """);
        if (options.MaxMessageSize is { } maxSize)
            text.Append($"mail_plugins = $mail_plugins quota\nplugin {{\n  quota = maildir:User quota\n  quota_rule = *:storage=0\n  quota_max_mail_size = {maxSize}\n}}\n");
        // Dovecot writes what a session sends only for users whose folder exists there (DovecotServer.RecordCommandsOf).
        text.Append($"protocol imap {{\n  rawlog_dir = {paths.RawLog}/%u\n");
        // Dovecot 2.3's own list without CONDSTORE and QRESYNC: a set value replaces the list (LITERAL+ and SPECIAL-USE are added anyway).
        if (options.WithoutModSequences)
            text.Append("  imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES "
                        + "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED "
                        + "I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW "
                        + "STATUS=SIZE SAVEDATE\n");
        text.Append("}\n");
        text.Append(options.StartTls
            ? $"ssl = yes\nssl_cert = <{paths.Certificate}\nssl_key = <{paths.Key}\n"
            : "ssl = no\n");
        return text.ToString();
    }
}

internal sealed record DovecotPaths(string Root)
{
    public string Run => Path.Combine(Root, "run");
    public string State => Path.Combine(Root, "state");
    public string Log => Path.Combine(Root, "dovecot.log");
    public string Mail => Path.Combine(Root, "mail");
    public string Config => Path.Combine(Root, "dovecot.conf");
    public string Users => Path.Combine(Root, "users.d");
    public string MasterUsers => Path.Combine(Root, "master-users");
    public string Certificate => Path.Combine(Root, "cert.pem");
    public string Key => Path.Combine(Root, "key.pem");
    public string RawLog => Path.Combine(Root, "rawlog");
}

/// <summary>The unprivileged account that owns the mail files: Dovecot refuses to run mail processes as root.</summary>
internal sealed record MailOwner(int Uid, int Gid);
