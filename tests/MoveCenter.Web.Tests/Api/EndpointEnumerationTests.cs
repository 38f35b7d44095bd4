using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>
/// Every endpoint the app maps, read from its endpoint data source, so that a new endpoint is covered without anyone
/// remembering to add it here: asked anonymously, below it at a route that does not exist, with a method it does not
/// take and with a body of a type it does not read.
/// </summary>
public sealed partial class EndpointEnumerationTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string ProblemJson = "application/problem+json";
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    /// <summary>What anyone may reach without signing in; anything else that allows it is a hole.</summary>
    private static readonly string[] AnonymousRoutes =
        ["/health", "/account/login", "/account/denied", "/error", "/status/{Code:int}"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IReadOnlyList<Route> Routes =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsStaticAsset(e))
            .GroupBy(e => "/" + e.RoutePattern.RawText!.Trim('/'))
            .Select(g => new Route(g.Key, g.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).ToHashSet(),
                g.Any(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null),
                g.Any(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true)))
            .ToList();

    private IEnumerable<Route> ApiRoutes => Routes.Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal));

    [Fact]
    public void Only_sign_in_health_error_pages_and_the_static_files_are_open_to_anyone()
    {
        var open = Routes.Where(r => r.AllowsAnonymous).Select(r => r.Pattern).Order().ToList();

        Assert.Equal(AnonymousRoutes.Order(), open);
        Assert.NotEmpty(ApiRoutes);
    }

    [Fact]
    public async Task Every_api_call_asked_without_a_key_answers_401_problem_details()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = new List<string>();
        foreach (var route in ApiRoutes)
        foreach (var method in route.Methods)
        {
            using var response = await client.SendAsync(Request(method, route.Example, route.ReadsJson ? "{}" : null), Ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized || !IsProblem(response))
                wrong.Add($"{method} {route.Example}: {Describe(response)}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_page_and_hub_asked_anonymously_sends_to_the_sign_in_page_or_answers_401()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = new List<string>();
        foreach (var route in Routes.Where(r => !r.AllowsAnonymous && !r.Pattern.StartsWith("/api/", StringComparison.Ordinal)))
        foreach (var method in route.Methods.DefaultIfEmpty("GET"))
        {
            using var response = await client.SendAsync(Request(method, route.Example, null), Ct);
            var toSignIn = response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location?.AbsolutePath == "/account/login";
            if (!toSignIn && response.StatusCode != HttpStatusCode.Unauthorized && response.StatusCode != HttpStatusCode.BadRequest)
                wrong.Add($"{method} {route.Example}: {Describe(response)}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_route_that_does_not_exist_below_any_api_call_answers_404_problem_details()
    {
        using var client = factory.CreateApiClient();
        var wrong = new List<string>();
        foreach (var route in ApiRoutes)
        {
            // Two segments: one alone names an item of a collection (PUT /api/post-offices/{name}), which is a route that exists.
            var path = route.Example.TrimEnd('/') + "/no-such/call";
            foreach (var method in new[] { "GET", "POST" })
            {
                using var response = await client.SendAsync(Request(method, path, null), Ct);
                if (response.StatusCode != HttpStatusCode.NotFound || !IsProblem(response))
                    wrong.Add($"{method} {path}: {Describe(response)}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_method_an_api_call_does_not_take_answers_405_problem_details_with_the_allowed_methods(bool withKey)
    {
        using var client = withKey ? factory.CreateApiClient() : factory.CreateClient(new() { AllowAutoRedirect = false });
        var wrong = new List<string>();
        foreach (var route in ApiRoutes)
        {
            var method = Methods.First(m => !route.Methods.Contains(m));
            using var response = await client.SendAsync(Request(method, route.Example, "{}"), Ct);
            var allowed = response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var a) ? a : []).ToHashSet();
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed || !IsProblem(response) || !route.Methods.IsSubsetOf(allowed))
                wrong.Add($"{method} {route.Example}: {Describe(response)} (Allow: {string.Join(", ", allowed)})");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_415_problem_details_for_every_api_call_that_reads_one()
    {
        using var client = factory.CreateApiClient();
        var wrong = new List<string>();
        var readers = ApiRoutes.Where(r => r.ReadsJson).ToList();
        foreach (var route in readers)
        foreach (var method in route.Methods.Where(m => m is "POST" or "PUT"))
        {
            var request = new HttpRequestMessage(new HttpMethod(method), route.Example)
            {
                Content = new StringContent("userId=UserA", Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            using var response = await client.SendAsync(request, Ct);
            if (response.StatusCode != HttpStatusCode.UnsupportedMediaType || !IsProblem(response))
                wrong.Add($"{method} {route.Example}: {Describe(response)}");
        }

        Assert.NotEmpty(readers);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_helpdesk_key_is_refused_every_action_and_reads_no_item_folder_or_server_error_anywhere_nor_on_the_hub()
    {
        const string helpdeskKey = "mc_test_helpdesk_key_0a1b2c3d4e5f6789";
        await factory.AddHelpdeskKeyAsync("helpdesk-scan", helpdeskKey);
        var pushed = new ConcurrentQueue<string>();
        await using var hub = factory.ConnectToMoves(helpdeskKey);
        hub.On<JsonElement>(MovesHub.MoveChanged, move => pushed.Enqueue(move.GetRawText()));
        await hub.StartAsync(Ct);
        using var admin = factory.CreateApiClient();
        var stalled = await SettledMoveAsync(admin, "UserC", MoveStatus.Stalled);
        var completed = await SettledMoveAsync(admin, "UserA", MoveStatus.Completed);
        var forbidden = await WhatOnlyAdminsMaySeeAsync(admin, stalled);
        var before = await admin.GetStringAsync("/api/moves?take=500", Ct);

        using var helpdesk = factory.CreateApiClient(helpdeskKey);
        var wrong = new List<string>();
        foreach (var route in ApiRoutes)
        foreach (var method in route.Methods)
        foreach (var path in new[] { route.For(stalled), route.For(completed) }.Distinct())
        {
            using var response = await helpdesk.SendAsync(Request(method, path, route.ReadsJson ? "{}" : null), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (method != "GET" && (response.StatusCode != HttpStatusCode.Forbidden || !IsProblem(response)))
                wrong.Add($"{method} {path}: {Describe(response)}, not 403 problem details");
            wrong.AddRange(forbidden.Where(body.Contains).Select(text => $"{method} {path} shows \"{text}\""));
        }
        await Eventually.UntilAsync(() => Task.FromResult(pushed.ToList()),
            payloads => payloads.Any(p => p.Contains(stalled.ToString(), StringComparison.Ordinal) && p.Contains("\"Stalled\"", StringComparison.Ordinal)),
            "the helpdesk hub client is told that the move stalled");
        wrong.AddRange(pushed.SelectMany(payload => forbidden.Where(payload.Contains).Select(text => $"MoveChanged shows \"{text}\"")));

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
        Assert.Equal(before, await admin.GetStringAsync("/api/moves?take=500", Ct));
    }

    private static async Task<Guid> SettledMoveAsync(HttpClient admin, string userId, MoveStatus status)
    {
        using var queued = await admin.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO" }, Ct);
        var id = (await queued.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        await Eventually.UntilAsync(() => admin.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct),
            move => move!.Status == status.ToString(), $"the move of {userId} is {status}");
        return id;
    }

    /// <summary>The stalled move's held items as an admin sees them, and the words of its server error.</summary>
    private static async Task<IReadOnlyList<string>> WhatOnlyAdminsMaySeeAsync(HttpClient admin, Guid stalled)
    {
        var pending = await admin.GetFromJsonAsync<PendingItemsPage>($"/api/moves/{stalled}/pending-items", Json.Options, Ct);
        var move = await admin.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{stalled}", Json.Options, Ct);
        var items = pending!.Items.SelectMany(i => new[] { i.SourceKey, i.Subject, i.From, i.LastError, i.Folder }).OfType<string>()
            .Where(text => text.Length > 0).ToList();
        Assert.NotEmpty(items);
        Assert.Contains("symbolic link", move!.LastError, StringComparison.Ordinal);
        return [.. items, move.LastError!, move.WaitReason!, "symbolic link", "Inbox", "Sent"];
    }

    private static HttpRequestMessage Request(string method, string path, string? json) =>
        new(new HttpMethod(method), path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };

    private static bool IsProblem(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == ProblemJson;

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {response.Headers.Location}";

    /// <summary>Static files are open to anyone by design; the file list is the build's, not ours.</summary>
    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor" || m.GetType().Name.StartsWith("StaticWebAsset", StringComparison.Ordinal))
        || endpoint.RoutePattern.RawText?.StartsWith("_content/", StringComparison.Ordinal) == true
        || endpoint.RoutePattern.RawText?.StartsWith("_framework/", StringComparison.Ordinal) == true;

    private sealed record Route(string Pattern, HashSet<string> Methods, bool AllowsAnonymous, bool ReadsJson)
    {
        /// <summary>The route with a value for each parameter: a fresh id, a post office's name.</summary>
        public string Example => For(Guid.NewGuid());

        public string For(Guid id) => Parameter().Replace(Pattern, match => match.Value.Contains(":guid", StringComparison.Ordinal)
            ? id.ToString()
            : match.Value.Contains(":int", StringComparison.Ordinal) ? "404" : match.Value.StartsWith("{**", StringComparison.Ordinal) ? "" : "SourcePO");
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
