using System.Net;
using System.Text.Json;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

public sealed class BootstrapKeyRevocationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_revoked_bootstrap_key_stays_revoked_when_the_host_starts_again_with_it_configured()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "movecenter-web-tests", Guid.NewGuid().ToString("N"));
        await using (var first = new MoveCenterWebFactory { DataDirectory = dataDirectory, KeepDataDirectory = true })
        {
            using var client = first.CreateApiClient();
            var keys = JsonDocument.Parse(await client.GetStringAsync("/api/keys", Ct)).RootElement;
            var bootstrap = keys.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "bootstrap").GetProperty("id").GetInt32();
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/keys/{bootstrap}", Ct)).StatusCode);
        }

        await using var second = new MoveCenterWebFactory { DataDirectory = dataDirectory };
        using var again = second.CreateApiClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/moves", Ct)).StatusCode);
    }
}
