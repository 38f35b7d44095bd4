using MoveCenter.Application.Common;

namespace MoveCenter.Web.Api;

/// <summary>Turns a rejected request into RFC 7807 problem details with the message a person can act on.</summary>
public sealed class RequestRejectedFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (RequestRejectedException rejected)
        {
            var status = rejected.Kind switch
            {
                RejectionKind.NotFound => StatusCodes.Status404NotFound,
                RejectionKind.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return rejected.Errors.Count > 0
                ? TypedResults.ValidationProblem(rejected.Errors.ToDictionary(e => e.Key, e => e.Value), rejected.Message, title: "The request is not valid")
                : TypedResults.Problem(rejected.Message, statusCode: status, title: Title(rejected.Kind));
        }
    }

    private static string Title(RejectionKind kind) => kind switch
    {
        RejectionKind.NotFound => "Not found",
        RejectionKind.Conflict => "Conflict",
        _ => "The request is not valid",
    };
}
