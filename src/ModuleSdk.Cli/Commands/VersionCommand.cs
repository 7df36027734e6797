using ModuleSdk.BuildInfo;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Output;
using ModuleSdk.Diagnostics;
using ModuleSdk.Sboms;
using ModuleSdk.Trust;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod version -m</c>: the module build information stamped into assemblies (go version -m).</summary>
public sealed class VersionCommand : Command
{
    public override string Name => "version";
    public override string Summary => "print module build information of built assemblies";
    public override string Usage => "dotnet mod version [-m] [-json] [--sbom cyclonedx|spdx] [--verify] <file.dll | dir> ...";
    public override string Description =>
        "Version prints, for each assembly named (or each assembly with module information under a\n" +
        "directory, recursively), the target framework it was built for; with -m also the module\n" +
        "information the ModuleSdk build stamped into it, in the layout of 'go version -m':\n" +
        "path, mod, dep, => (replacement) and build lines, tab-separated. -json prints it as JSON.\n" +
        "The assemblies are read, never loaded.\n" +
        "\n" +
        "With -m --sbom cyclonedx (CycloneDX 1.5) or -m --sbom spdx (SPDX 2.3), version instead writes\n" +
        "one JSON bill of materials of every assembly named or found: the main modules, every module\n" +
        "of their stamped build lists with its h1: hash and replacement, and the repository and\n" +
        "commit that module assemblies found beside them record. It is built from the binaries\n" +
        "alone, so it describes what is inside them. The document is reproducible: its time is the\n" +
        "build's vcs.time, else SOURCE_DATE_EPOCH, else the newest assembly's modification time.\n" +
        "\n" +
        "With -m --verify, version checks every stamped module's h1: hash against the checksum\n" +
        "database MODSUMDB names (proven by the log as a download is) and prints, per module,\n" +
        "ok, MISMATCH (with the log's hash), unverified (with why), skipped (MODNOSUMDB) or\n" +
        "no hash (main module, directory replacement). It exits 1 if any module is a mismatch\n" +
        "or unverified: a pipeline can run it on an artifact it did not build.";
    public override IReadOnlyCollection<string> BoolFlags => ["m", "json", "v", "verify"];
    public override IReadOnlyCollection<string> ValueFlags => ["sbom"];

    public override Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count == 0) throw new UsageException("version needs a file or directory argument");
        if (args.Has("verify"))
        {
            if (!args.Has("m")) throw new UsageException("--verify needs -m (the module information is what is verified)");
            return VerifyAsync(context, args);
        }
        if (args.Value("sbom") is { } sbom)
        {
            if (!args.Has("m")) throw new UsageException("--sbom needs -m (the module information is what the bill lists)");
            return Task.FromResult(WriteSbom(context, args, SbomFormats.Parse(sbom)));
        }
        bool modules = args.Has("m"), json = args.Has("json"), verbose = args.Has("v");
        bool failed = false;
        foreach (var arg in args.Positionals)
        {
            string full = Path.GetFullPath(arg, context.WorkingDirectory);
            if (Directory.Exists(full))
            {
                foreach (var file in AssemblyFiles(full))
                {
                    // Like go version on a directory: files without module information are skipped silently (-v reports them).
                    if (AssemblyBuildInfoReader.TryRead(file, out var result)) Print(context, Display(arg, full, file), result!, modules, json);
                    else if (verbose) context.Error.WriteLine($"{Display(arg, full, file)}: not a module assembly");
                }
                continue;
            }
            try
            {
                Print(context, arg, AssemblyBuildInfoReader.Read(full), modules, json);
            }
            catch (Exception e) when (e is ModuleException or IOException or UnauthorizedAccessException)
            {
                failed = true;
                string message = e is ModuleException me ? me.Message.Replace(full, arg) : $"{arg}: {e.Message}";
                context.Error.WriteLine(message);
            }
        }
        return Task.FromResult(failed ? 1 : 0);
    }

    // Reads every assembly the arguments name (a named file must be one; a directory's files
    // without module information are skipped) and prints one bill of materials for them all.
    private static int WriteSbom(CliContext context, ParsedArguments args, SbomFormat format)
    {
        var assemblies = new List<BillOfMaterials.Assembly>();
        var newest = DateTimeOffset.MinValue;
        foreach (var arg in args.Positionals)
        {
            string full = Path.GetFullPath(arg, context.WorkingDirectory);
            IEnumerable<string> files = Directory.Exists(full)
                ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                : [full];
            foreach (var file in files)
            {
                AssemblyBuildInfoReader.Result result;
                if (Directory.Exists(full))
                {
                    if (!AssemblyBuildInfoReader.TryRead(file, out var found)) continue;
                    result = found!;
                }
                else
                {
                    try { result = AssemblyBuildInfoReader.Read(file); }
                    catch (ModuleException e) { throw new ModuleException(e.Code, e.Message.Replace(full, arg)); }
                }
                assemblies.Add(new BillOfMaterials.Assembly(Display(arg, full, file), result.Info));
                var time = new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
                if (time > newest) newest = time;
            }
        }
        if (assemblies.Count == 0)
            throw new ModuleException(DiagnosticCodes.SbomNoAssemblies,
                $"{string.Join(", ", args.Positionals)}: no assembly with module build information; name the output folder or assembly of a ModuleSdk build");
        // Reproducible builds' convention: SOURCE_DATE_EPOCH, when set, is the build's time.
        if (context.Environment.TryGetValue("SOURCE_DATE_EPOCH", out var epoch) && long.TryParse(epoch, out long seconds))
            newest = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var bom = BillOfMaterials.From(assemblies, newest, ("dotnet-mod", ToolVersion()));
        context.Out.Write(format == SbomFormat.CycloneDx ? CycloneDxWriter.Write(bom) : SpdxWriter.Write(bom));
        return 0;
    }

    // --verify: each assembly's stamped modules against the checksum database.
    private static async Task<int> VerifyAsync(CliContext context, ParsedArguments args)
    {
        var config = SumDbConfig.FromEnvironment(context.Environment)
            ?? throw new ModuleException(DiagnosticCodes.SumDbNotConfigured,
                "--verify needs a checksum database: set MODSUMDB to its verifier key (and URL), as `modproxy keygen` printed it");
        var settings = Configuration.ModuleSettings.FromEnvironment(context.Environment);
        var client = new SumDbClient(config, Fetching.ProxyList.Parse(settings.Proxy), settings.CacheRoot);
        bool failed = false;
        foreach (var (name, result) in Assemblies(context, args, ref failed))
        {
            var verdicts = await BuildVerification.VerifyAsync(result.Info, client, CancellationToken.None).ConfigureAwait(false);
            int vouched = verdicts.Count(v => v.Kind == VerdictKind.Vouched), bad = verdicts.Count(v => v.Fails);
            context.Out.WriteLine($"{name}: {vouched} module(s) vouched for by {config.Name} (tree {client.Latest.N}), {bad} not");
            foreach (var v in verdicts)
            {
                string line = v.Kind switch
                {
                    VerdictKind.Vouched => $"\tok\t{v.Path}\t{v.Version}\t{v.Sum}",
                    VerdictKind.Mismatch => $"\tMISMATCH\t{v.Path}\t{v.Version}\t{v.Sum}\t{config.Name}: {v.LogSum}",
                    VerdictKind.Unverified => $"\tunverified\t{v.Path}\t{v.Version}\t{v.Sum}\t{v.Detail!.Replace("\n", " ")}",
                    VerdictKind.Skipped => $"\tskipped\t{v.Path}\t{v.Version}\t{v.Sum}\t(MODNOSUMDB)",
                    _ => $"\tno hash\t{v.Path}\t{v.Version}",
                };
                context.Out.WriteLine(line);
            }
            if (bad > 0)
            {
                failed = true;
                foreach (var v in verdicts.Where(v => v.Fails))
                    context.Error.WriteLine($"{DiagnosticCodes.SumDbNotVouched}: {name}: {v.Path}@{v.Version}: " +
                        (v.Kind == VerdictKind.Mismatch
                            ? $"the binary has {v.Sum}, the checksum database records {v.LogSum}: the binary holds code other than what the log vouches for"
                            : $"the checksum database does not vouch for {v.Sum}: {v.Detail!.Replace("\n", " ")}"));
            }
        }
        return failed ? 1 : 0;
    }

    // A directory's .dll and .exe files, recursively, in a stable order (as go version walks a directory).
    private static IEnumerable<string> AssemblyFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    // The assemblies the arguments name: a named file must be one; a directory's are found recursively.
    private static List<(string Name, AssemblyBuildInfoReader.Result Result)> Assemblies(CliContext context, ParsedArguments args, ref bool failed)
    {
        var found = new List<(string, AssemblyBuildInfoReader.Result)>();
        foreach (var arg in args.Positionals)
        {
            string full = Path.GetFullPath(arg, context.WorkingDirectory);
            if (Directory.Exists(full))
            {
                foreach (var file in AssemblyFiles(full))
                    if (AssemblyBuildInfoReader.TryRead(file, out var result)) found.Add((Display(arg, full, file), result!));
                continue;
            }
            try
            {
                found.Add((arg, AssemblyBuildInfoReader.Read(full)));
            }
            catch (Exception e) when (e is ModuleException or IOException or UnauthorizedAccessException)
            {
                failed = true;
                context.Error.WriteLine(e is ModuleException me ? me.Message.Replace(full, arg) : $"{arg}: {e.Message}");
            }
        }
        return found;
    }

    private static string ToolVersion()
    {
        var assembly = typeof(VersionCommand).Assembly;
        string? informational = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        // The SDK appends "+<commit>"; the bill names the release.
        return (informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];
    }

    private static string Display(string arg, string fullDir, string file) => Path.Combine(arg, Path.GetRelativePath(fullDir, file));

    private static void Print(CliContext context, string name, AssemblyBuildInfoReader.Result result, bool modules, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(Json(result.Info).ToString());
            return;
        }
        context.Out.WriteLine($"{name}: {result.TargetFramework}");
        if (!modules) return;
        foreach (var line in result.Info.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            context.Out.WriteLine("\t" + line);
    }

    private static GoJson Json(ModuleBuildInfo info) => new GoJson()
        .Add("Path", info.Path)
        .Add("Main", Json(info.Main))
        .Add("Deps", info.Deps.Select(Json).ToList())
        .Add("Settings", info.Settings.Select(s => new GoJson().Add("Key", s.Key).Add("Value", s.Value)).ToList());

    private static GoJson Json(BuildModule m) => new GoJson()
        .Add("Path", m.Path).Add("Version", m.Version).Add("Sum", m.Sum)
        .Add("Replace", m.Replace is null ? null : Json(m.Replace));
}
