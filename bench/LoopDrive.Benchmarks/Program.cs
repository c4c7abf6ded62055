using BenchmarkDotNet.Running;
using LoopDrive.Benchmarks.Spine;

// `spine` is an end-to-end load harness with its own servers; anything else goes to BenchmarkDotNet.
if (args is ["spine", ..])
    return await SpineBenchmark.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(SpineBenchmark).Assembly).Run(args);
return 0;
