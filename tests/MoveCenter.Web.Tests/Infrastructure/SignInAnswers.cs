using System.Net;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>What answers show of the scheme the browser used: HSTS and Secure cookies for HTTPS only.</summary>
public static class SignInAnswers
{
    public static void AssertSignedInOverHttps(HttpResponseMessage signedIn) => AssertSignedIn(signedIn, "max-age=31536000", secure: true);

    public static void AssertSignedInOverPlainHttp(HttpResponseMessage signedIn) => AssertSignedIn(signedIn, "", secure: false);

    /// <summary>Whether the sign-in page's antiforgery cookie, set on a browser's first visit, is marked Secure.</summary>
    public static bool AntiforgeryCookieIsSecure(HttpResponseMessage loginPage)
    {
        var cookies = loginPage.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        return IsSecure(Assert.Single(cookies, cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)));
    }

    public static string Hsts(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : "";

    private static void AssertSignedIn(HttpResponseMessage signedIn, string hsts, bool secure)
    {
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(hsts, Hsts(signedIn));
        var session = Assert.Single(SignInForm.SessionCookies(signedIn));
        Assert.Equal(secure, IsSecure(session));
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase);
}
