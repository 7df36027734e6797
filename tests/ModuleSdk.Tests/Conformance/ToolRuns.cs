using System.Text;
using ModuleSdk.Cli;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Conformance;

/// <summary>The result of one command of one tool.</summary>
public sealed record CommandRun(string Command, int ExitCode, string Stdout, string Stderr);

/// <summary>The three commands the differential test compares, as one tool ran them in order.</summary>
public sealed record ToolRun(string Tool, CommandRun List, CommandRun Graph, CommandRun Download, List<DownloadEntry> Downloads);

/// <summary>Runs the three commands with the go command and with ModuleSdk's CLI in process.</summary>
public static class ToolRuns
{
    /// <summary>
    /// <c>go list -m all</c>, <c>go mod graph</c>, <c>go mod download -json all</c> against the Go
    /// proxy, in order, in the Go main module (each may rewrite go.mod, as Go does with -mod=mod).
    /// </summary>
    public static ToolRun RunGo(UniverseLayout layout)
    {
        string proxy = "file://" + layout.GoProxy;
        CommandRun Go(params string[] args)
        {
            var r = GoTool.Run(layout.GoMain, layout.GoPath, proxy, args);
            return new CommandRun("go " + string.Join(' ', args), r.ExitCode, r.Stdout, r.Stderr);
        }
        var list = Go("list", "-m", "all");
        var graph = Go("mod", "graph");
        var download = Go("mod", "download", "-json", "all");
        return new ToolRun("go", list, graph, download, DownloadJson.Parse(download.Stdout, "GoModSum"));
    }

    /// <summary>The environment ModuleSdk runs with: only the universe's proxy, a private cache and home.</summary>
    public static Dictionary<string, string?> ModEnvironment(UniverseLayout layout) => new(StringComparer.Ordinal)
    {
        ["MODPROXY"] = "file://" + layout.ModProxy,
        ["MODCACHE"] = layout.ModCache,
        ["MODPRIVATE"] = "",
        ["HOME"] = layout.Home,
    };

    /// <summary>
    /// The same three commands with <c>dotnet mod</c> in process (CliApp.RunAsync).
    /// </summary>
    public static async Task<ToolRun> RunModAsync(UniverseLayout layout)
    {
        var env = ModEnvironment(layout);
        async Task<CommandRun> Mod(params string[] args)
        {
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            int code;
            try
            {
                code = await CliApp.RunAsync(new CliContext(layout.ModMain, env, stdout, stderr), args);
            }
            catch (Exception e)
            {
                // An escaped exception is a CLI bug; record it like a crash so the comparison shows it.
                stderr.Write("unhandled exception: " + e);
                code = 255;
            }
            return new CommandRun("dotnet mod " + string.Join(' ', args), code, stdout.ToString(), stderr.ToString());
        }
        var list = await Mod("list", "-m", "all");
        var graph = await Mod("graph");
        var download = await Mod("download", "-json", "all");
        List<DownloadEntry> entries;
        try { entries = DownloadJson.Parse(download.Stdout, "ModSum"); }
        catch (System.Text.Json.JsonException e)
        {
            download = download with { Stderr = download.Stderr + "\n(stdout is not a JSON object stream: " + e.Message + ")" };
            entries = [];
        }
        return new ToolRun("dotnet mod", list, graph, download, entries);
    }

    /// <summary>Shell lines that rerun both sides by hand on a kept universe.</summary>
    public static string ReproScript(UniverseLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("# go (Go 1.19):\n");
        sb.Append($"cd {layout.GoMain} && export GOPROXY=file://{layout.GoProxy} GOSUMDB=off GOFLAGS=-mod=mod GOPATH={layout.GoPath} " +
            $"GOMODCACHE={layout.GoPath}/pkg/mod GOTOOLCHAIN=local GOWORK=off\n");
        sb.Append("go list -m all; go mod graph; go mod download -json all\n");
        sb.Append("# ModuleSdk (from the repository root):\n");
        sb.Append($"export MODPROXY=file://{layout.ModProxy} MODCACHE={layout.ModCache} MODPRIVATE= HOME={layout.Home}\n");
        sb.Append($"(cd {layout.ModMain} && dotnet run --project <repo>/src/ModuleSdk.Cli -- list -m all)  # also: graph, download -json all\n");
        return sb.ToString();
    }
}
