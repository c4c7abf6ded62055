// Each collection starts a whole system (PostgreSQL, Redis and four .NET services); two at once
// on a small CI machine only slows both past their deadlines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
