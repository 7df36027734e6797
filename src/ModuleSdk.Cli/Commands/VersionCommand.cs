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
        foreach (var a in AssemblyScan.Scan(args.Positionals, context.WorkingDirectory))
        {
            if (a.Result is not null) Print(context, a.Name, a.Result, modules, json);
            else if (a.FailureMessage is { } message)
            {
                failed = true;
                context.Error.WriteLine(message);
            }
            // Like go version on a directory: files without module information are skipped silently (-v reports them).
            else if (verbose) context.Error.WriteLine($"{a.Name}: not a module assembly");
        }
        return Task.FromResult(failed ? 1 : 0);
    }

    // One bill of materials for every assembly the arguments name.
    private static int WriteSbom(CliContext context, ParsedArguments args, SbomFormat format)
    {
        var bom = AssemblyBillOfMaterials.From(AssemblyScan.Scan(args.Positionals, context.WorkingDirectory), args.Positionals,
            context.Environment.GetValueOrDefault("SOURCE_DATE_EPOCH"), ("dotnet-mod", ToolVersion()));
        context.Out.Write(format == SbomFormat.CycloneDx ? CycloneDxWriter.Write(bom) : SpdxWriter.Write(bom));
        return 0;
    }

    // --verify: each assembly's stamped modules against the checksum database.
    private static async Task<int> VerifyAsync(CliContext context, ParsedArguments args)
    {
        var client = SumDbClientFactory.FromEnvironment(context.Environment)
            ?? throw new ModuleException(DiagnosticCodes.SumDbNotConfigured,
                "--verify needs a checksum database: set MODSUMDB to its verifier key (and URL), as `modproxy keygen` printed it");
        var config = client.Config;
        var scanned = AssemblyScan.Scan(args.Positionals, context.WorkingDirectory);
        bool failed = false;
        foreach (var message in scanned.Select(a => a.FailureMessage).OfType<string>())
        {
            failed = true;
            context.Error.WriteLine(message);
        }
        foreach (var (name, result) in scanned.Where(a => a.Result is not null).Select(a => (a.Name, a.Result!)))
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

    private static string ToolVersion()
    {
        var assembly = typeof(VersionCommand).Assembly;
        string? informational = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        // The SDK appends "+<commit>"; the bill names the release.
        return (informational ?? assembly.GetName().Version?.ToString() ?? "0.0.0").Split('+')[0];
    }

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
