using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoopDrive.Api;

/// <summary>
/// RFC 9457 problem+json as CONTRACT.md §1 shapes it: <c>type, title, status, detail, instance,
/// code</c> (stable snake_case) and, for validation, <c>errors</c> (field → messages).
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"No {what} with that id exists in this workspace.", extensions: Code("not_found"));

    public static ProblemHttpResult Conflict(string code, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail, extensions: Code(code));

    public static ProblemHttpResult Unprocessable(string code, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Request refused", detail: detail, extensions: Code(code));

    public static ProblemHttpResult Forbidden(string code, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail, extensions: Code(code));

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request",
            detail: "One or more fields are invalid: " + string.Join(", ", errors.Keys) + ".",
            extensions: Code("validation_failed"));

    /// <summary>For middleware and handlers that write outside the endpoint's result pipeline.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };
}
