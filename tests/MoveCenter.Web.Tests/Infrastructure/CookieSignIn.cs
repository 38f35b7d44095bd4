using System.Net;
using System.Text.RegularExpressions;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>Signs in through the sign-in form, as a browser does, so the client carries the session cookie.</summary>
public static partial class CookieSignIn
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string userName, string password, string returnUrl = "/moves")
    {
        var ct = TestContext.Current.CancellationToken;
        var form = await client.GetStringAsync("/account/login", ct);
        var token = AntiforgeryToken().Match(form);
        Assert.True(token.Success, "The sign-in form has no antiforgery token");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }), ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
