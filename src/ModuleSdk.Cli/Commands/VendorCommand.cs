using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod vendor</c>: copy the build list into vendor/ (go mod vendor).</summary>
public sealed class VendorCommand : Command
{
    public override string Name => "vendor";
    public override string Summary => "make vendored copy of dependencies";
    public override string Usage => "dotnet mod vendor [-v] [-o outdir]";
    public override string Description =>
        "Vendor writes every module of the build list to vendor/<module path>/ at the main\n" +
        "module's root, and the list of them to vendor/modules.txt. A build then uses vendor/\n" +
        "(ModuleMode=vendor, the default while vendor/modules.txt exists) and needs neither the\n" +
        "network nor the module cache. The previous vendor/ is replaced whole, only once the new\n" +
        "one is complete.\n\n" +
        "-v prints the modules.txt lines to standard error.\n" +
        "-o writes the directory elsewhere (relative to the current directory); only vendor/ at\n" +
        "the module root is used by builds.";
    public override IReadOnlyCollection<string> BoolFlags => ["v"];
    public override IReadOnlyCollection<string> ValueFlags => ["o"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("vendor takes no arguments");
        string? output = args.Value("o");
        if (output is { Length: 0 }) throw new UsageException("-o needs a directory");
        var ws = Workspace.Open(context);
        string? dir = output is null ? null : Path.GetFullPath(Path.Combine(context.WorkingDirectory, output));
        var result = await Vendorer.VendorAsync(ws.Loader, dir, context.CancellationToken);
        if (!result.Written)
        {
            context.Error.WriteLine("dotnet mod: no dependencies to vendor");
            return 0;
        }
        if (args.Has("v")) context.Error.Write(result.Manifest.Format());
        return 0;
    }
}
