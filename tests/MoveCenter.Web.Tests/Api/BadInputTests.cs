using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>
/// Every POST of the API that takes a body, given one bad field at a time on top of a body that is otherwise good:
/// answered 400 with problem details naming exactly that field (as JSON spells it), and nothing in the directory or
/// the move list changed. A value "x*N" stands for a string of N characters; "{data}" for the host's data folder.
/// </summary>
public sealed class BadInputTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string MaildirPostOffice = """{ "name": "BadInputPO", "domain": "dom1", "kind": "maildir", "rootPath": "{data}/postoffices/SourcePO" }""";
    private const string ImapPostOffice = """
        { "name": "BadInputPO", "domain": "dom1", "kind": "imap", "host": "imap.dom1.example", "port": 143, "security": "none",
          "adminUser": "master", "adminPassword": "secret" }
        """;
    private const string User = """{ "userId": "NewUser", "postOffice": "SourcePO", "displayName": "New User", "email": "new.user@dom1.example" }""";
    private const string Move = """{ "userId": "UserA", "targetPostOffice": "DestPO" }""";
    private const string OneMegabyte = "x*1048576";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("name", "\"\"")]
    [InlineData("name", "x*129")]
    [InlineData("name", OneMegabyte)]
    [InlineData("name", "\"two words\"")]
    [InlineData("name", "\"../SourcePO\"")]
    [InlineData("name", "42")]
    [InlineData("domain", "x*129")]
    [InlineData("domain", OneMegabyte)]
    [InlineData("domain", "\"dom1\\u0000\"")]
    [InlineData("kind", "\"pop3\"")]
    [InlineData("rootPath", "\"\"")]
    [InlineData("rootPath", "x*1025")]
    [InlineData("rootPath", OneMegabyte)]
    [InlineData("rootPath", "\"postoffices/SourcePO\"")]
    [InlineData("rootPath", "\"/etc\"")]
    [InlineData("rootPath", "\"{data}/postoffices/../../../../etc\"")]
    [InlineData("rootPath", "\"{data}\"")]
    [InlineData("rootPath", "\"{data}/postoffices/SourcePO\\u0000/etc\"")]
    [InlineData("rootPath", "\"{data}/postoffices/NotCreatedYet\"")]
    [InlineData("maxConcurrentMoves", "0")]
    [InlineData("maxConcurrentMoves", "1001")]
    [InlineData("maxConcurrentMoves", "\"four\"")]
    [InlineData("sievePort", "4190")]
    [InlineData("site", "\"two words\"")]
    [InlineData("site", "x*65")]
    [InlineData("site", "7")]
    public Task A_Maildir_post_office_with_a_bad_field_is_refused_naming_the_field_and_nothing_changes(string field, string value) =>
        AssertRefusedAsync("/api/post-offices", MaildirPostOffice, field, value);

    [Theory]
    [InlineData("host", "\"\"")]
    [InlineData("host", "x*256")]
    [InlineData("host", OneMegabyte)]
    [InlineData("host", "\"imap://imap.dom1.example:143\"")]
    [InlineData("port", "0")]
    [InlineData("port", "65536")]
    [InlineData("port", "\"abc\"")]
    [InlineData("sievePort", "0")]
    [InlineData("sievePort", "70000")]
    [InlineData("security", "\"ssl\"")]
    [InlineData("adminUser", "\"\"")]
    [InlineData("adminUser", "x*257")]
    [InlineData("adminUser", OneMegabyte)]
    [InlineData("adminUser", "\"master\\u0000root\"")]
    [InlineData("adminPassword", "\"\"")]
    [InlineData("adminPassword", "x*513")]
    [InlineData("adminPassword", OneMegabyte)]
    [InlineData("adminPassword", "\"pass\\nword\"")]
    [InlineData("skipCertificateValidation", "\"yes\"")]
    [InlineData("maxConcurrentMoves", "-1")]
    public Task An_IMAP_post_office_with_a_bad_field_is_refused_naming_the_field_and_nothing_changes(string field, string value) =>
        AssertRefusedAsync("/api/post-offices", ImapPostOffice, field, value);

    [Theory]
    [InlineData("userId", "\"\"")]
    [InlineData("userId", "\".\"")]
    [InlineData("userId", "\"..\"")]
    [InlineData("userId", "\"../etc\"")]
    [InlineData("userId", "\"ann/inbox\"")]
    [InlineData("userId", "\"ann\\\\inbox\"")]
    [InlineData("userId", "\"ann\\u0000\"")]
    [InlineData("userId", "\"ann smith\"")]
    [InlineData("userId", "x*257")]
    [InlineData("userId", OneMegabyte)]
    [InlineData("userId", "7")]
    [InlineData("postOffice", "\"\"")]
    [InlineData("postOffice", "x*129")]
    [InlineData("postOffice", OneMegabyte)]
    [InlineData("displayName", "x*257")]
    [InlineData("displayName", OneMegabyte)]
    [InlineData("displayName", "\"New\\tUser\"")]
    [InlineData("email", "\"not-an-address\"")]
    [InlineData("email", "\"New User <new.user@dom1.example>\"")]
    [InlineData("email", "x*321")]
    [InlineData("email", OneMegabyte)]
    [InlineData("email", "true")]
    public Task A_directory_user_with_a_bad_field_is_refused_naming_the_field_and_nothing_changes(string field, string value) =>
        AssertRefusedAsync("/api/users", User, field, value);

    [Theory]
    [InlineData("userId", "\"\"")]
    [InlineData("userId", "\"..\"")]
    [InlineData("userId", "\"UserA\\u0000\"")]
    [InlineData("userId", "\"../UserA\"")]
    [InlineData("userId", "x*257")]
    [InlineData("userId", OneMegabyte)]
    [InlineData("targetPostOffice", "\"\"")]
    [InlineData("targetPostOffice", "x*129")]
    [InlineData("targetPostOffice", OneMegabyte)]
    [InlineData("startAt", "\"next Tuesday\"")]
    [InlineData("startAt", "\"2999-01-01T00:00:00Z\"")]
    [InlineData("options", "\"fast\"")]
    [InlineData("options.badItemLimit", "0")]
    [InlineData("options.badItemLimit", "-1")]
    [InlineData("options.badItemLimit", "1001")]
    [InlineData("options.badItemLimit", "\"three\"")]
    [InlineData("options.purgeMode", "\"Shred\"")]
    [InlineData("options.purgeMode", "7")]
    [InlineData("options.mode", "\"Sideways\"")]
    [InlineData("options.completeAfter", "\"2026-12-24T18:00:00Z\"")]
    [InlineData("options.completeAfter", "\"at Christmas\"")]
    [InlineData("options.incrementalSyncInterval", "\"00:00:05\"")]
    [InlineData("options.incrementalSyncInterval", "\"daily\"")]
    public Task A_move_request_with_a_bad_field_is_refused_naming_the_field_and_nothing_changes(string field, string value) =>
        AssertRefusedAsync("/api/moves", Move, field, value);

    [Theory]
    [InlineData("/api/post-offices", "{ \"name\": ")]
    [InlineData("/api/post-offices", "[]")]
    [InlineData("/api/users", "not json")]
    [InlineData("/api/users", "null")]
    [InlineData("/api/moves", "")]
    [InlineData("/api/moves", "{ \"userId\": \"UserA\" \"targetPostOffice\": \"DestPO\" }")]
    public Task A_body_that_is_not_a_JSON_object_is_refused_naming_the_body_and_nothing_changes(string path, string body) =>
        AssertRefusedAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), "body");

    [Theory]
    [InlineData("/api/post-offices", MaildirPostOffice)]
    [InlineData("/api/users", User)]
    [InlineData("/api/moves", Move)]
    public async Task A_body_sent_as_plain_text_is_refused_as_an_unsupported_media_type_and_nothing_changes(string path, string body)
    {
        using var client = factory.CreateApiClient();
        var before = await SnapshotAsync(client);

        using var response = await client.PostAsync(path, new StringContent(WithDataFolder(body), Encoding.UTF8, "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Type: application/json", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await SnapshotAsync(client));
    }

    [Fact]
    public async Task A_Maildir_root_outside_the_allowed_roots_is_refused_with_the_roots_allowed_and_the_setting_to_change()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/post-offices",
            new { name = "EtcPO", domain = "dom1", kind = "maildir", rootPath = "/etc" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single((await ProblemAsync(response)).Errors["rootPath"]);
        Assert.Contains(Path.Combine(factory.DataDirectory, "postoffices"), message);
        Assert.Contains("MoveCenter:Maildir:AllowedRoots", message);
    }

    [Fact]
    public async Task A_Maildir_post_office_under_the_postoffices_folder_of_the_data_folder_is_accepted_by_default()
    {
        using var client = factory.CreateApiClient();
        var root = Path.Combine(factory.DataDirectory, "postoffices", "AcceptedPO");
        Directory.CreateDirectory(root);

        using var response = await client.PostAsJsonAsync("/api/post-offices",
            new { name = "AcceptedPO", domain = "dom1", kind = "maildir", rootPath = Path.Combine(root, "..", "AcceptedPO") }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(root, (await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("rootPath").GetString());
    }

    private Task AssertRefusedAsync(string path, string baseline, string field, string value)
    {
        var body = JsonNode.Parse(WithDataFolder(baseline))!.AsObject();
        var (parent, name) = field.Split('.') is [var outer, var inner]
            ? ((JsonObject)(body[outer] ??= new JsonObject()), inner)
            : (body, field);
        parent[name] = value.StartsWith("x*", StringComparison.Ordinal)
            ? JsonValue.Create(new string('x', int.Parse(value[2..], System.Globalization.CultureInfo.InvariantCulture)))
            : JsonNode.Parse(WithDataFolder(value));
        return AssertRefusedAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), field);
    }

    private async Task AssertRefusedAsync(string path, HttpContent body, string field)
    {
        using var client = factory.CreateApiClient();
        var before = await SnapshotAsync(client);

        using var response = await client.PostAsync(path, body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ProblemAsync(response);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.All(problem.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
        Assert.Equal(before, await SnapshotAsync(client));
    }

    private string WithDataFolder(string json) => json.Replace("{data}", JsonEncodedText.Encode(factory.DataDirectory).ToString(), StringComparison.Ordinal);

    private static async Task<ValidationProblemDetails> ProblemAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct))!;

    private static async Task<string> SnapshotAsync(HttpClient client) => string.Join('\n',
        await client.GetStringAsync("/api/post-offices", Ct),
        await client.GetStringAsync("/api/users?take=1000", Ct),
        await client.GetStringAsync("/api/moves?take=1000", Ct));
}
