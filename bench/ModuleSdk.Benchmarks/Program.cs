using ModuleSdk.Benchmarks;

// `universe <seed> <modules> <dir>` writes a module universe for compare-go.sh;
// `inproc <runs> <dotnet-mod arguments...>` times a command inside this process;
// `mvs [runs]` times MVS on the MvsBenchmarks graph with a stopwatch (quick A/B runs);
// anything else goes to BenchmarkDotNet (`--filter '*Mvs*'`, `--list flat`, ...).
if (args.Length > 0 && args[0] == "universe")
    return UniverseCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "mvs")
    return MvsQuickCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "inproc")
    return await InProcessCommand.RunAsync(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
