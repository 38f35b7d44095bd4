using MoveCenter.Persistence;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// A data folder (post offices, and the SQLite file unless a server database is given) that outlives the hosts started
/// on it, so a test can restart the engine.
/// </summary>
public sealed class TestDataFolder : IDisposable
{
    public TestDataFolder(DatabaseSettings? database = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "movecenter-app-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
        Database = database ?? DatabaseSettings.Sqlite(DatabaseFile);
    }

    public string Path { get; }

    /// <summary>The database every host started on this folder uses.</summary>
    public DatabaseSettings Database { get; }

    public string DatabaseFile => System.IO.Path.Combine(Path, "movecenter.db");

    public string PostOfficeRoot(string postOffice) => System.IO.Path.Combine(Path, "postoffices", postOffice);

    public string MailboxPath(string postOffice, string userId) => System.IO.Path.Combine(PostOfficeRoot(postOffice), userId);

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Path)) System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still be closing; a leftover temp folder must not fail the test.
        }
    }
}
