using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoopDrive.Api.Hosting;

internal static class JsonSetup
{
    /// <summary>CONTRACT.md §1: camelCase, absent optional fields left out, unknown fields ignored, ISO-8601 times.</summary>
    public static IServiceCollection AddLoopDriveJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new UtcMillisecondsConverter());
        });

    /// <summary>Timestamps leave as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, the format the SDK sends.</summary>
    private sealed class UtcMillisecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
