using ModuleSdk.Tests.Conformance;

namespace ModuleSdk.Benchmarks;

/// <summary>
/// Writes a conformance universe (the generator of tests/ModuleSdk.Tests/Conformance) for the
/// whole-process comparison with the go command: goproxy/, modproxy/, go/main and mod/main.
/// </summary>
public static class UniverseCommand
{
    public static int Run(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[0], out int seed) || !int.TryParse(args[1], out int size))
        {
            Console.Error.WriteLine("usage: ModuleSdk.Benchmarks universe <seed> <modules> <dir>");
            return 2;
        }
        var u = UniverseGenerator.Generate(seed, size);
        // The conformance universes leave out ~1.5% of zips to test download errors; a timing run
        // wants both tools to download and verify everything, so every version gets its zip.
        foreach (var m in u.Modules)
            foreach (var v in m.Versions)
                v.HasZip = true;
        var layout = UniverseWriter.Write(u, Path.GetFullPath(args[2]));
        Console.WriteLine($"{u.Modules.Count} modules, {u.Modules.Sum(m => m.Versions.Count)} versions written to {layout.Root}");
        return 0;
    }
}
