namespace MoveCenter.Testing;

/// <summary>The imapd.conf and cyrus.conf of a private Cyrus: everything below its own folder, SASL users in its own sasldb.</summary>
internal static class CyrusConfig
{
    public static readonly string[] LibFolders = ["db", "socket", "proc", "log", "msg", "user", "quota", "sieve", "lock", "ptclient", "sync"];

    public static string Imapd(string root, CyrusServerOptions options)
    {
        var lib = Path.Combine(root, "lib");
        var namespaceSetting = options.AlternativeNamespace ? "yes" : "no";
        return $"""
            configdirectory: {lib}
            proc_path: {lib}/proc
            mboxname_lockpath: {lib}/lock
            partition-default: {root}/spool
            defaultpartition: default
            temp_path: {root}/tmp
            sievedir: {lib}/sieve
            lmtpsocket: {lib}/socket/lmtp
            idlesocket: {lib}/socket/idle
            notifysocket: {lib}/socket/notify
            admins: {options.MasterUser}
            proxyservers: {options.MasterUser}
            allowplaintext: yes
            sasl_pwcheck_method: auxprop
            sasl_auxprop_plugin: sasldb
            sasl_sasldb_path: {root}/sasldb2
            sasl_mech_list: PLAIN LOGIN
            altnamespace: {namespaceSetting}
            unixhierarchysep: {namespaceSetting}
            munge8bit: {(options.Munge8Bit ? "yes" : "no")}
            reject8bit: {(options.Reject8Bit ? "yes" : "no")}
            hashimapspool: false
            delete_mode: immediate
            expunge_mode: immediate
            syslog_prefix: movecenter-test-cyrus

            """;
    }

    /// <summary>Only imapd, one process kept ready; <c>recover</c> makes the databases at the first start.</summary>
    public static string Master(string root, string binaries, string imapd, int port) => $$"""
        START {
          recover cmd="{{binaries}}/ctl_cyrusdb -C {{root}}/imapd.conf -r"
        }
        SERVICES {
          imap cmd="{{imapd}} -C {{root}}/imapd.conf" listen="127.0.0.1:{{port}}" prefork=1
        }
        EVENTS {
        }
        DAEMON {
        }

        """;
}
