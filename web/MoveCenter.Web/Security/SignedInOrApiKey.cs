using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace MoveCenter.Web.Security;

/// <summary>
/// For documents that both people and scripts fetch (the OpenAPI description): a request with an X-Api-Key header is
/// judged by the key, any other by the sign-in cookie. A refusal is the API key's 401, never a redirect to a page.
/// </summary>
public static class SignedInOrApiKey
{
    public const string Scheme = "SignedInOrApiKey";

    public static AuthenticationBuilder AddSignedInOrApiKey(this AuthenticationBuilder authentication) =>
        authentication.AddPolicyScheme(Scheme, displayName: null, forward =>
        {
            forward.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeyDefaults.Header) ? ApiKeyDefaults.Scheme : IdentityConstants.ApplicationScheme;
            forward.ForwardChallenge = ApiKeyDefaults.Scheme;
        });
}
