using LoopDrive.Contracts.Voice;
using LoopDrive.Core.Voice;
using LoopDrive.Core.Voice.Snippets;

namespace LoopDrive.Api.Voice;

internal static class VoiceMappings
{
    public static BrandContract ToContract(this Brand b) => new(
        b.Id, b.Name, b.Tone, b.Audience, b.PreferredVocabulary, b.AvoidVocabulary, b.BannedPhrases, b.Competitors,
        BrandProfile.ParseDisclaimers(b.RequiredDisclaimers), b.AllowedLinkDomains, b.Exemplars, b.IsDefault, b.CreatedAt, b.UpdatedAt);

    public static SnippetContract ToContract(this Snippet s)
    {
        var posterior = BetaPosterior.For(s.Impressions, s.Conversions);
        var (low, high) = posterior.Interval90;
        return new SnippetContract(s.Id, s.BrandId, s.Channel, s.Objective, s.Text, s.Usage, Math.Round(posterior.Mean, 6),
            s.Impressions, s.Conversions, JsonText.Parse(s.Metadata), s.CreatedAt, s.UpdatedAt, new WinRateInterval(Math.Round(low, 6), Math.Round(high, 6)));
    }

    public static PromptPack ToContract(this PromptPackVersion p) => new(
        p.SystemPrompt, p.UserPromptTemplate, p.Variables,
        p.Examples is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<PromptExample>>(p.Examples, JsonDefaults.Web),
        JsonText.ParseRequired(p.Constraints), p.UseCase, p.BrandId, p.Version, p.IsActive, p.Version == 0);
}

internal static class JsonDefaults
{
    public static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);
}
