using BenchmarkDotNet.Running;
using LoopDrive.Benchmarks.Budget;
using LoopDrive.Benchmarks.Events;
using LoopDrive.Benchmarks.Learning;
using LoopDrive.Benchmarks.People;
using LoopDrive.Benchmarks.Sends;
using LoopDrive.Benchmarks.Spine;
using LoopDrive.Benchmarks.Voice;

// `spine` and `people` are end-to-end load harnesses with their own servers; anything else goes to BenchmarkDotNet.
if (args is ["spine", ..])
    return await SpineBenchmark.RunAsync(args[1..]);
if (args is ["budget", ..])
    return await BudgetBenchmark.RunAsync(args[1..]);
if (args is ["events", ..])
    return await EventsBenchmark.RunAsync(args[1..]);
if (args is ["people", ..])
    return await PeopleBenchmark.RunAsync(args[1..]);
if (args is ["loop", ..])
    return await LoopBenchmark.RunAsync(args[1..]);
if (args is ["sends", ..])
    return await SendsBenchmark.RunAsync(args[1..]);
if (args is ["voice", ..])
    return await VoiceBenchmark.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(SpineBenchmark).Assembly).Run(args);
return 0;
