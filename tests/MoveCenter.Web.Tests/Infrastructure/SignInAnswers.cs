using System.Net;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>What a sign-in answer shows of the scheme the browser used: HSTS and a Secure session cookie for HTTPS only.</summary>
public static class SignInAnswers
{
    public static void AssertSignedInOverHttps(HttpResponseMessage signedIn) => AssertSignedIn(signedIn, "max-age=31536000", secure: true);

    public static void AssertSignedInOverPlainHttp(HttpResponseMessage signedIn) => AssertSignedIn(signedIn, "", secure: false);

    public static string Hsts(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(",", values) : "";

    private static void AssertSignedIn(HttpResponseMessage signedIn, string hsts, bool secure)
    {
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(hsts, Hsts(signedIn));
        var session = Assert.Single(SignInForm.SessionCookies(signedIn));
        Assert.Equal(secure, session.Split(';', StringSplitOptions.TrimEntries).Contains("secure", StringComparer.OrdinalIgnoreCase));
    }
}
