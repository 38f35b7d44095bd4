using MoveCenter.Application.ApiKeys;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Infrastructure;

public static class ApiKeys
{
    /// <summary>A Helpdesk API key stored as the key pages store one; its secret is <paramref name="key"/>.</summary>
    public static Task AddHelpdeskKeyAsync(this MoveCenterWebFactory factory, string name, string key) =>
        factory.WithDatabaseAsync(async db =>
        {
            db.ApiKeys.Add(new ApiKey { Name = name, KeyHash = ApiKeySecrets.Hash(key), Role = Roles.Helpdesk, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
}
