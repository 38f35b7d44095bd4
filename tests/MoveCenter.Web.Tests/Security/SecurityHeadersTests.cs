using System.Net;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>Every answer tells the browser to run only MoveCenter's own code, and never inside another site's frame.</summary>
public sealed class SecurityHeadersTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/moves", HttpStatusCode.Redirect)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", HttpStatusCode.OK)]
    [InlineData("/api/moves", HttpStatusCode.Unauthorized)]
    public async Task Anonymous_answers_carry_the_security_headers(string path, HttpStatusCode expected)
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(expected, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Signed_in_pages_carry_the_security_headers()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        (await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct)).Dispose();

        using var page = await client.GetAsync("/moves", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertSecurityHeaders(page);
    }

    [Fact]
    public async Task Api_answers_carry_the_security_headers()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/moves", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Plain_http_is_served_without_hsts_or_a_redirect_even_when_a_client_claims_a_proxy_saw_https()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://movecenter.test") });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var page = await client.GetAsync("/account/login", Ct);
        using var signedIn = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("", SignInAnswers.Hsts(page));
        Assert.False(SignInAnswers.AntiforgeryCookieIsSecure(page));
        SignInAnswers.AssertSignedInOverPlainHttp(signedIn);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var policy = Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
