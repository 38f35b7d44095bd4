using System.Net;
using System.Text.RegularExpressions;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>Posts MoveCenter's forms the way a browser does: with the antiforgery token of the page that holds the form.</summary>
public static partial class SignInForm
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, CancellationToken ct)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/login", ct);
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/moves",
        }), ct);
    }

    /// <summary>The token in the first form of a page; a signed-in page's is bound to its user (the password page has one).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page, CancellationToken ct)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(page, ct));
        Assert.True(token.Success, $"{page} has no antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>The session cookie a sign-in set, as a <c>Cookie</c> header: a copy that outlives the browser's.</summary>
    public static string SessionCookie(HttpResponseMessage signedIn) =>
        string.Join("; ", SessionCookies(signedIn).Select(cookie => cookie.Split(';')[0]));

    /// <summary>The <c>Set-Cookie</c> values of the session cookie (Identity splits a large one into chunks).</summary>
    public static IEnumerable<string> SessionCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(cookie => cookie.StartsWith("MoveCenter.Auth", StringComparison.Ordinal))
            : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
