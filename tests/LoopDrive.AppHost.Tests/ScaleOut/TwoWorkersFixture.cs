namespace LoopDrive.AppHost.Tests.ScaleOut;

/// <summary>The whole system with two worker replicas sharing every consumer group.</summary>
public sealed class TwoWorkersFixture : LoopDriveAppFixture
{
    public const int Replicas = 2;

    protected override IEnumerable<string> ExtraArguments => [$"--Workers:Replicas={Replicas}"];
}

[CollectionDefinition(Name)]
public sealed class TwoWorkersCollection : ICollectionFixture<TwoWorkersFixture>
{
    public const string Name = "LoopDrive AppHost with two workers";
}
