using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MoveCenter.Testing;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>What an admin reads when testing the connection to a real Cyrus IMAP that alters mail as it stores it.</summary>
public sealed class TestConnectionApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    [Fact]
    public async Task Testing_a_Cyrus_that_munges_8_bit_headers_succeeds_and_names_the_setting_to_change()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cyrus = await CyrusServer.StartAsync("api");
        using var client = factory.CreateApiClient();
        using var added = await client.PostAsJsonAsync("/api/post-offices", new
        {
            name = "MungingCyrus", domain = "cyrus.example", kind = "imap", host = cyrus.Host, port = cyrus.ImapPort, security = "none",
            adminUser = cyrus.MasterUser, adminPassword = cyrus.MasterPassword,
        }, ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        using var tested = await client.PostAsync("/api/post-offices/MungingCyrus/test", null, ct);

        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        var answer = await tested.Content.ReadFromJsonAsync<JsonElement>(Json.Options, ct);
        Assert.True(answer.GetProperty("succeeded").GetBoolean());
        var warning = Assert.Single(answer.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("munge8bit: no", warning);
        Assert.Contains("munge8bit: no", answer.GetProperty("summary").GetString());
    }
}
