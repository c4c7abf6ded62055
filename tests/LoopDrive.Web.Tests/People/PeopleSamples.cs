using System.Text.Json;
using LoopDrive.Contracts.Events;
using LoopDrive.Contracts.People;
using LoopDrive.Web.Tests.Support;

namespace LoopDrive.Web.Tests.People;

/// <summary>Person graph records shaped like real API answers.</summary>
public static class PeopleSamples
{
    private static readonly DateTimeOffset Now = ContractSamples.Now;

    public static Person Person(string id = "per_01ada", string? first = "Ada", string? last = "Lovelace", string? mergeId = null) =>
        new(id, "ws_01demo", null, first, last, "en-GB", "Europe/London", null, Now.AddDays(-2), Now.AddDays(-1), mergeId);

    public static Identity Identity(string type = "email", string value = "ada@example.com", string personId = "per_01ada", bool primary = true) =>
        new($"idn_{type}_{personId}", personId, type, value, false, primary, null, Now.AddDays(-2), Now.AddDays(-2));

    public static Memory Memory(string text = "Prefers short emails", double? relevance = null, string kind = "preference") =>
        new($"mem_{text.Length}", "per_01ada", kind, text, 0.9, relevance, null, null, null, Now.AddHours(-5), true, "all-MiniLM-L6-v2");

    public static Topic Topic(string name, double weight) =>
        new($"top_{name}", "per_01ada", name, weight, null, "manual", Now, Now, Now);

    public static Consent Consent(string channel = "email", string scope = "marketing", string status = "granted") =>
        new($"con_{channel}_{scope}", "per_01ada", channel, scope, status, "form", Now.AddDays(-1), null, null, null, Now.AddDays(-1));

    public static ConsentChange Change(string channel = "email", string scope = "marketing", string status = "granted") =>
        new($"cch_{channel}_{status}", channel, scope, status, "form", null, Now.AddDays(-1));

    public static Note Note(string content = "Met at the conference") =>
        new("not_01", "per_01ada", content, "key_01", null, Now.AddHours(-1));

    public static Objective Objective(string id = "obj_01", string type = "nurture", string status = "active") =>
        new(id, "per_01ada", type, status, null, 2, null, Now.AddDays(-1), Now.AddDays(-1));

    public static Event Event(string id, string type = "email.opened", string? channel = "email", int minutesAgo = 5) =>
        new(id, "ws_01demo", null, "per_01ada", type, channel, "api", JsonDocument.Parse("{}").RootElement, Now.AddMinutes(-minutesAgo), null);

    public static TimelineResponse Timeline(string? next, params Event[] events) => new(events, next);
}
