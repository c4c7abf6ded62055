namespace LoopDrive.Web.Tests.EndToEnd;

/// <summary>
/// Browser test classes that each start the whole system: in one collection they run one after
/// another, so the machine does not start several systems at once and time out bringing them up.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestsCollection
{
    public const string Name = "Browser tests";
}
