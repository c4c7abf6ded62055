using MudBlazor;

namespace LoopDrive.Web.Components.Layout;

/// <summary>One area of the dashboard: a nav entry, a page folder and a card on the overview.</summary>
public sealed record DashboardArea(string Title, string Href, string Icon, string Summary);

/// <summary>The areas in navigation order, declared once for the nav, the overview and the tests.</summary>
public static class DashboardAreas
{
    public static readonly DashboardArea Overview = new(
        "Overview", "/", Icons.Material.Outlined.Dashboard,
        "The loop at a glance: reach, replies, conversions and spend.");

    public static readonly DashboardArea People = new(
        "People", "/people", Icons.Material.Outlined.People,
        "Everyone the workspace knows: identities, consent, topics and memory.");

    public static readonly DashboardArea BrandVoice = new(
        "Brand voice", "/voice", Icons.Material.Outlined.RecordVoiceOver,
        "How the brand writes: voice profiles, prompt packs, snippets and guardrails.");

    public static readonly DashboardArea Sends = new(
        "Sends", "/sends", Icons.Material.Outlined.Send,
        "Messages on email, SMS and social DMs, and what happened to each.");

    public static readonly DashboardArea Events = new(
        "Events", "/events", Icons.Material.Outlined.Timeline,
        "What people did: deliveries, opens, clicks, replies and conversions.");

    public static readonly DashboardArea Budget = new(
        "Budget", "/budget", Icons.Material.Outlined.AccountBalanceWallet,
        "Wallet, allocation plans across channels, spend and reconciliation.");

    public static readonly DashboardArea Learning = new(
        "Learning", "/learning", Icons.Material.Outlined.Psychology,
        "What the loop has learned: snippet win rates, prompt weights, send times.");

    public static readonly DashboardArea Settings = new(
        "Settings", "/settings", Icons.Material.Outlined.Settings,
        "The workspace and its API keys.");

    public static readonly DashboardArea Operations = new(
        "Operations", "/operations", Icons.Material.Outlined.MonitorHeart,
        "Health of the spine: streams, consumers, dead letters and the outbox.");

    public static readonly IReadOnlyList<DashboardArea> All =
        [Overview, People, BrandVoice, Sends, Events, Budget, Learning, Settings, Operations];
}
