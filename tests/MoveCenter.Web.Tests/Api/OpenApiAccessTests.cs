using System.Net;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>The OpenAPI document describes every call MoveCenter takes, so only people and scripts allowed in may read it.</summary>
public sealed class OpenApiAccessTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string Document = "/openapi/v1.json";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_requests_are_answered_401_not_redirected()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_api_key_is_answered_401()
    {
        using var client = factory.CreateApiClient("mc_not_a_key");

        using var response = await client.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_api_key_gets_the_document()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"/api/moves\"", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_signed_in_person_gets_the_document()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        (await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct)).Dispose();

        using var response = await client.GetAsync(Document, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"openapi\"", await response.Content.ReadAsStringAsync(Ct));
    }
}
