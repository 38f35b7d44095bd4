using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace MoveCenter.Web.Api;

/// <summary>
/// Scripts calling <c>/api</c> get problem details for every failure, never the HTML sign-in page: the fallback
/// authorization policy would otherwise turn a request that matches no endpoint into a redirect.
/// </summary>
public static class ApiProblems
{
    public const string PathPrefix = "/api";

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix);

    /// <summary>The id a person quotes to find the log lines of a failed request (Serilog writes it as the trace id).</summary>
    public static string CorrelationId(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;

    /// <summary>Answers unmatched routes, methods and content types before authentication can redirect them.</summary>
    public static IApplicationBuilder UseApiRouteProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint && IsApiRoute(endpoint.RoutePattern))
        {
            await next(context);
            return;
        }
        var request = context.Request;
        var methods = MethodsAnswering(context);
        if (methods.Count == 0)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "No such API call",
                $"Nothing answers {request.Method} {request.Path}. The API's calls are listed in /openapi/v1.json.");
        }
        else if (!methods.Contains(request.Method))
        {
            context.Response.Headers.Allow = string.Join(", ", methods);
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed",
                $"{request.Path} does not answer {request.Method}. Allowed: {context.Response.Headers.Allow}.");
        }
        else
        {
            await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"{request.Method} {request.Path} takes a JSON body: send it with the header Content-Type: application/json"
                + (string.IsNullOrEmpty(request.ContentType) ? "." : $", not {request.ContentType}."));
        }
    });

    /// <summary>
    /// Anything else routing selects for an <c>/api</c> path is not an API call: its own answer for a path that matches
    /// but not by method (405) or content type (415), which carries no authorization, or the static files' fallback.
    /// </summary>
    private static bool IsApiRoute(RoutePattern pattern) =>
        pattern.RawText?.TrimStart('/').StartsWith(PathPrefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;

    /// <summary>
    /// The methods of the API calls whose route, constraints included, matches the path. Routing decides 405 on the
    /// shape of a path before it checks constraints, so <c>POST /api/moves/not-an-id</c> would otherwise be a 405.
    /// </summary>
    private static SortedSet<string> MethodsAnswering(HttpContext context)
    {
        var constraints = context.RequestServices.GetRequiredService<IInlineConstraintResolver>();
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } http || !IsApiRoute(pattern)) continue;
            var values = new RouteValueDictionary();
            if (!new TemplateMatcher(new RouteTemplate(pattern), new RouteValueDictionary(pattern.Defaults)).TryMatch(context.Request.Path, values))
                continue;
            var satisfied = pattern.ParameterPolicies.All(parameter => parameter.Value.All(policy =>
                policy.Content is null
                || constraints.ResolveConstraint(policy.Content) is not { } constraint
                || constraint.Match(context, null, parameter.Key, values, RouteDirection.IncomingRequest)));
            if (satisfied) methods.UnionWith(http.HttpMethods);
        }
        return methods;
    }

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>An unexpected error in an API call: 500 problem details carrying the correlation id its log line carries.</summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ApiProblems.IsApiRequest(httpContext)) return false;
        var correlationId = ApiProblems.CorrelationId(httpContext);
        logger.LogError(exception, "Unexpected error answering {Method} {Path} (correlation id {CorrelationId})",
            httpContext.Request.Method, httpContext.Request.Path.Value, correlationId);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = $"MoveCenter could not answer this call. Quote the correlation id {correlationId} to find what happened in its log.",
            },
        });
    }
}
