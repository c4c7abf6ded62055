using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopDrive.Client.Http;

/// <summary>The API's JSON dialect: web defaults (camelCase, case-insensitive reads), nulls left out.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string MediaType = "application/json";
    public const string ProblemMediaType = "application/problem+json";
}
