using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>A post office pinned to a site through the API, and listed with it.</summary>
public sealed class PostOfficeSiteApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_post_office_added_with_a_site_is_answered_and_listed_pinned_to_it_and_one_without_is_pinned_to_none()
    {
        using var client = factory.CreateApiClient();
        var root = Path.Combine(factory.DataDirectory, "postoffices", "NorthPO");
        Directory.CreateDirectory(root);

        using var added = await client.PostAsJsonAsync("/api/post-offices", new { name = "NorthPO", domain = "dom1", kind = "maildir", rootPath = root, site = "north" }, Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("north", (await added.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("site").GetString());
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/api/post-offices", Json.Options, Ct);
        Assert.Equal([("DestPO", null), ("NorthPO", "north"), ("SourcePO", null)],
            listed!.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("site").GetString())).OrderBy(p => p.Item1));
    }
}
