using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>A temporary folder for one test: the shared database, each node's data folder and Maildir post offices.</summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"movecenter-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The embedded database that the nodes of a test share, a file in this folder.</summary>
    public DatabaseSettings SqliteDatabase => DatabaseSettings.Sqlite(System.IO.Path.Combine(Path, "movecenter.db"));

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Kept when the test failed, with the nodes' console logs and database, and its path written to the output.</summary>
    public void Dispose()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"Kept for inspection: {Path}");
            return;
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A Dovecot or SQLite handle may still be closing; a leftover temp folder must not fail the test.
        }
    }
}
