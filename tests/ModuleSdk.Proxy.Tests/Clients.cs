using System.Text;
using System.Text.Json;
using ModuleSdk.Cli;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>The two clients of the proxy: <c>dotnet mod</c> (in process, explicit environment) and the go command.</summary>
internal static class Clients
{
    /// <summary>
    /// Runs <c>dotnet mod download -json path@version</c> in a fresh main module with
    /// <paramref name="env"/> (MODPROXY, MODREPOS...) and a fresh module cache; returns the
    /// parsed JSON object (its <c>Error</c> asserted absent).
    /// </summary>
    public static async Task<JsonElement> DotnetModDownload(string work, IDictionary<string, string?> env, string module)
    {
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "module.mod"), "module example.com/client\n");
        var all = new Dictionary<string, string?>(env, StringComparer.Ordinal)
        {
            ["MODCACHE"] = Path.Combine(work, "modcache"),
            ["HOME"] = work,
        };
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int code = await CliApp.RunAsync(new CliContext(work, all, o, e), ["download", "-json", module]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, code, $"dotnet mod download {module}\n{o}\n{e}");
        var json = JsonDocument.Parse(o.ToString()).RootElement.Clone();
        Assert.IsFalse(json.TryGetProperty("Error", out var err), err.ToString());
        return json;
    }

    /// <summary>
    /// Runs <c>go mod download -json path@version</c> through <paramref name="proxy"/>
    /// (GOSUMDB=off) in a fresh go.mod module; returns the JSON object.
    /// </summary>
    public static JsonElement GoModDownload(string work, string proxy, string module)
    {
        GoTool.RequireGo();
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "go.mod"), "module example.com/goclient\n\ngo 1.16\n");
        var r = GoTool.Run(work, Path.Combine(work, "gopath"), proxy, "mod", "download", "-json", module);
        Assert.AreEqual(0, r.ExitCode, $"go mod download {module}\n{r.Stdout}\n{r.Stderr}");
        var json = JsonDocument.Parse(r.Stdout).RootElement.Clone();
        Assert.IsFalse(json.TryGetProperty("Error", out var err), err.ToString());
        return json;
    }

    /// <summary>Adds a Go module (go.mod, a .go file) to a file:// proxy folder.</summary>
    public static void AddGoModule(string root, string path, string version)
    {
        string dir = Path.Combine(root, Modules.PathEscaping.EscapePath(path), "@v");
        Directory.CreateDirectory(dir);
        string ev = Modules.PathEscaping.EscapeVersion(version);
        string goMod = $"module {path}\n\ngo 1.16\n";
        File.WriteAllText(Path.Combine(dir, ev + ".mod"), goMod);
        File.WriteAllText(Path.Combine(dir, ev + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"2024-01-02T03:04:05Z\"}}");
        using (var zip = File.Create(Path.Combine(dir, ev + ".zip")))
            Zips.ModuleZip.Create(zip, new Modules.ModuleId(path, version),
            [
                new Zips.MemoryModuleFile("go.mod", Encoding.UTF8.GetBytes(goMod)),
                new Zips.MemoryModuleFile("hello.go", Encoding.UTF8.GetBytes("package hello\n\nfunc Hello() string { return \"hello " + version + "\" }\n")),
            ]);
        File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
    }
}
