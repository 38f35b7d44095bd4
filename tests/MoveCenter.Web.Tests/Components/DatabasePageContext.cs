using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Components;

/// <summary>A page rendered for a signed-in admin over a migrated SQLite database of its own, with the audit trail.</summary>
public abstract class DatabasePageContext : MudTestContext, IAsyncLifetime
{
    protected DatabasePageContext()
    {
        Services.AddMoveCenterPersistence(DatabaseSettings.Sqlite(Path.Combine(Folder, "movecenter.db")));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<AuditTrail>();
        Authorization = AddAuthorization().SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
    }

    /// <summary>The test's own folder, which holds the database and anything else the test writes.</summary>
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "movecenter-page-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Who the page is rendered for: an admin unless the test signs in someone else.</summary>
    protected Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    protected Task<MoveCenterDbContext> DbAsync() =>
        Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(Ct);

    public virtual async ValueTask InitializeAsync()
    {
        await using var db = await DbAsync();
        await db.MigrateMoveCenterDatabaseAsync(Ct);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
