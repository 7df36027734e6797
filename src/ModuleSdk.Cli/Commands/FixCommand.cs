using ModuleSdk.Cli.Building;
using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fixing;

namespace ModuleSdk.Cli.Commands;

/// <summary>
/// <c>dotnet mod fix</c>: inline every use of an API its module marked <c>[Inline]</c> (Go's
/// <c>go fix</c> with <c>//go:fix inline</c>), in every ModuleSdk project of the main module, and
/// require the modules the inlined code now uses.
/// </summary>
public sealed class FixCommand : Command
{
    public override string Name => "fix";
    public override string Summary => "inline uses of APIs their modules marked [Inline]";
    public override string Usage => "dotnet mod fix [-n] [-v]";
    public override string Description =>
        "Fix replaces every use of a member its module marked [Inline] (MOD9100 in the build output) with\n" +
        "the member's body, in every ModuleSdk project of the main module: arguments are substituted,\n" +
        "or first bound to locals where evaluation order or side effects need it, usings are added and\n" +
        "the old namespace's removed once unused. It prints each file it rewrote; a file with nothing\n" +
        "to inline is not touched, and running fix again changes nothing. Every module the rewritten\n" +
        "code uses is then required directly in module.mod at its selected version, so the next build\n" +
        "compiles; once nothing uses the old module, 'dotnet mod tidy' removes it.\n\n" +
        "Fix needs the .NET SDK: it runs 'dotnet build -p:ModuleRecordFixes=true' for each project, in\n" +
        "which the SDK's analyzer computes the rewritten files with the compiler's own view of the\n" +
        "code; only files whose content is still what that build read are rewritten.\n" +
        "'dotnet build -t:FixModules' does the same for one project.\n\n" +
        "-n prints what would change and writes nothing.\n" +
        "-v also prints each project's build output.";
    public override IReadOnlyCollection<string> BoolFlags => ["n", "v"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count > 0) throw new UsageException("fix takes no arguments");
        bool dryRun = args.Has("n"), verbose = args.Has("v");
        var ws = Workspace.Open(context);
        string Rel(string file) => Path.GetRelativePath(ws.Main.Directory, file);
        var projects = ModuleFix.Projects(ws.Main);

        foreach (var project in projects)
        {
            InlineFixer.ClearRecords(project);
            context.Error.WriteLine($"dotnet mod: building {Rel(project)} to find what to inline");
            var (exit, output) = DotnetBuild.Run(context, Path.GetDirectoryName(project)!,
                ["build", project, "-p:ModuleRecordFixes=true", "-nologo", "-clp:NoSummary"]);
            if (verbose || exit != 0) context.Error.Write(output);
            if (exit != 0)
                throw new ModuleException(DiagnosticCodes.FixBuildFailed,
                    $"dotnet mod fix: the build of {Rel(project)} failed (exit code {exit}): nothing was rewritten; fix the build errors above first", project);
        }

        var outcome = await ModuleFix.ApplyAsync(ws.Loader, projects, dryRun, fixes =>
        {
            foreach (var p in fixes.Problems)
                context.Error.WriteLine($"dotnet mod: warning {p.Code}: {(p.File is null ? "" : Rel(p.File) + ": ")}{p.Message}");
            foreach (var s in fixes.Skipped)
                context.Error.WriteLine($"{Rel(s.File)}:{s.Site.Line}: warning {DiagnosticCodes.FixSiteSkipped}: {s.Site.Member} not inlined: {s.Site.Reason}");
            foreach (var c in fixes.Changes)
                context.Out.WriteLine($"{Rel(c.File)}: {(dryRun ? "would inline" : "inlined")} {c.Inlined} use{(c.Inlined == 1 ? "" : "s")}");
        }, context.CancellationToken);
        foreach (var m in outcome.Required)
            context.Out.WriteLine($"module.mod: {(dryRun ? "would require" : "require")} {m.Path} {m.Version} (now used directly)");
        if (outcome.NothingToFix) context.Error.WriteLine("dotnet mod: nothing to fix");
        return 0;
    }
}
