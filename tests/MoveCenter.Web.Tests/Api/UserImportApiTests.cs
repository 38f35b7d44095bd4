using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>POST /api/users/import: a CSV of users, previewed or imported, each refused row numbered as in the file with why.</summary>
public sealed class UserImportApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string File = """
        userId,postOffice,displayName,email
        ImportA,SourcePO,Import A,importa@dom1.example
        UserA,SourcePO,,
        ImportB,NoSuchPO,,
        ImportA,DestPO,,
        ImportC,DestPO,"Import, C",not-an-address
        ImportD,DestPO
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_preview_numbers_each_refused_row_as_in_the_file_says_why_and_adds_nobody()
    {
        using var client = factory.CreateApiClient();

        using var preview = await client.PostAsync("/api/users/import?dryRun=true", Csv(File), Ct);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var body = await preview.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct);
        Assert.False(body.GetProperty("imported").GetBoolean());
        Assert.Equal(["ImportA", "ImportD"], body.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userId").GetString()));
        var rejected = body.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("row").GetInt32(), r => string.Join(" ", r.GetProperty("errors").EnumerateArray().Select(e => e.GetString())));
        Assert.Equal([3, 4, 5, 6], rejected.Keys.Order());
        Assert.Contains("A user 'UserA' is already in the directory.", rejected[3]);
        Assert.Contains("There is no post office named 'NoSuchPO'.", rejected[4]);
        Assert.Contains("'ImportA' is already on row 2 of this file.", rejected[5]);
        Assert.Contains("email", rejected[6]);
        Assert.Empty(await SearchAsync(client, "Import"));
    }

    [Fact]
    public async Task An_import_adds_every_valid_row_at_once_and_is_audited()
    {
        using var client = factory.CreateApiClient();

        using var imported = await client.PostAsync("/api/users/import", Csv(File.Replace("Import", "Real", StringComparison.Ordinal)), Ct);

        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal([("RealA", "SourcePO", "Import A".Replace("Import", "Real", StringComparison.Ordinal)), ("RealD", "DestPO", "RealD")],
            (await SearchAsync(client, "Real")).Select(u => (u.GetProperty("userId").GetString(), u.GetProperty("postOffice").GetString(), u.GetProperty("displayName").GetString())));
        var audit = await client.GetStringAsync("/api/audit?format=csv&action=directoryUser.import", Ct);
        Assert.Contains("Imported RealA (SourcePO), RealD (DestPO); 4 rows refused (rows 3, 4, 5, 6)", audit);
    }

    [Fact]
    public async Task A_file_without_a_valid_row_adds_nothing_and_answers_400_listing_the_rows()
    {
        using var client = factory.CreateApiClient();

        using var refused = await client.PostAsync("/api/users/import", Csv("userId,postOffice\nUserA,SourcePO\n"), Ct);
        using var noHeader = await client.PostAsync("/api/users/import", Csv("userId\nNobody\n"), Ct);
        using var json = await client.PostAsJsonAsync("/api/users/import", new { userId = "X" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(2, (await refused.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("rejected")[0].GetProperty("row").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Contains("lacks postOffice", (await noHeader.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    [Fact]
    public async Task A_file_saved_as_latin_1_is_refused_naming_the_line_and_adds_nobody()
    {
        using var client = factory.CreateApiClient();
        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("userId,postOffice,displayName\nLatinA,SourcePO,J\u00fcrgen\n"));
        latin1.Headers.ContentType = new("text/csv");

        using var refused = await client.PostAsync("/api/users/import", latin1, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not UTF-8 text: line 2", (await refused.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Empty(await SearchAsync(client, "LatinA"));
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<List<JsonElement>> SearchAsync(HttpClient client, string search) =>
        [.. (await client.GetFromJsonAsync<JsonElement[]>($"/api/users?search={search}", Json.Options, Ct))!
            .Where(u => u.GetProperty("userId").GetString()!.StartsWith(search, StringComparison.Ordinal)).OrderBy(u => u.GetProperty("userId").GetString())];
}
