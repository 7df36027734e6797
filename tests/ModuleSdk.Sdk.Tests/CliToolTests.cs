using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// `dotnet mod` as users get it: the plain <c>dotnet pack</c> of the repository (<see cref="SdkFeed"/>) makes the pointer package,
/// the framework-dependent <c>any</c> package and the ReadyToRun linux-x64 package, installed with
/// <c>dotnet tool install --tool-path</c> from that feed alone and run as <c>dotnet mod</c>.
/// The Native AOT package (<c>dotnet pack -r linux-x64</c>) is not built here: it takes minutes;
/// bench/cli-tool.sh builds, installs and times it.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class CliToolTests
{
    private const string Version = "1.0.0";

    private static string Root => Path.Combine(SdkFeed.Root, "cli-tool");

    private static string Feed => SdkFeed.Feed;

    [TestMethod]
    public void Pack_Plain_PointerListsRidAndAnyPackages()
    {
        var pointer = ToolSettings(Path.Combine(Feed, $"ModuleSdk.Cli.{Version}.nupkg"));
        var rids = pointer.Descendants("RuntimeIdentifierPackage")
            .Select(e => ((string?)e.Attribute("RuntimeIdentifier"), (string?)e.Attribute("Id"))).ToList();
        CollectionAssert.AreEquivalent(new[] { ("linux-x64", "ModuleSdk.Cli.linux-x64"), ("any", "ModuleSdk.Cli.any") }, rids);

        // The fallback runs on any platform's runtime; the linux-x64 package is an apphost over ReadyToRun code.
        var any = ToolSettings(Path.Combine(Feed, $"ModuleSdk.Cli.any.{Version}.nupkg"));
        Assert.AreEqual("dotnet", (string?)any.Descendants("Command").Single().Attribute("Runner"));
        Assert.IsFalse(IsReadyToRun(Path.Combine(Feed, $"ModuleSdk.Cli.any.{Version}.nupkg"), "tools/net10.0/any/ModuleSdk.dll"));
        var rid = ToolSettings(Path.Combine(Feed, $"ModuleSdk.Cli.linux-x64.{Version}.nupkg"));
        Assert.AreEqual("executable", (string?)rid.Descendants("Command").Single().Attribute("Runner"));
        Assert.IsTrue(IsReadyToRun(Path.Combine(Feed, $"ModuleSdk.Cli.linux-x64.{Version}.nupkg"), "tools/net10.0/linux-x64/ModuleSdk.dll"));
    }

    [TestMethod]
    public void ToolInstall_FromPackedFeed_RunsAsDotnetMod()
    {
        string dir = Path.Combine(Root, "install-" + Guid.NewGuid().ToString("N")[..6]);
        string tools = Path.Combine(dir, "tools");
        string config = Path.Combine(dir, "nuget.config");
        Directory.CreateDirectory(dir);
        // Only the packed feed: nothing from nuget.org, and a packages folder of the test's own.
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "packages") };
        var install = SdkFeed.Run(dir, env, "tool", "install", "--tool-path", tools, "--configfile", config, "ModuleSdk.Cli", "--version", Version);
        Assert.AreEqual(0, install.ExitCode, install.Output);

        // The CLI picks the package for this machine's RID and falls back to `any` elsewhere.
        string expected = RuntimeInformation.RuntimeIdentifier == "linux-x64" ? "modulesdk.cli.linux-x64" : "modulesdk.cli.any";
        string store = Path.Combine(tools, ".store", "modulesdk.cli", Version);
        Assert.IsTrue(Directory.Exists(Path.Combine(store, expected)),
            $"{expected} not installed under {store}: {string.Join(", ", Directory.GetDirectories(store).Select(Path.GetFileName))}");

        // `dotnet mod` finds dotnet-mod on PATH, as after `dotnet tool install --global`.
        string module = Path.Combine(dir, "module");
        Directory.CreateDirectory(module);
        env["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var init = SdkFeed.Run(module, env, "mod", "init", "example.com/hello");
        Assert.AreEqual(0, init.ExitCode, init.Output);
        var edit = SdkFeed.Run(module, env, "mod", "edit", "-require=example.com/dep@v1.2.3");
        Assert.AreEqual(0, edit.ExitCode, edit.Output);
        var json = SdkFeed.Run(module, env, "mod", "edit", "-json");
        Assert.AreEqual(0, json.ExitCode, json.Output);

        using var doc = JsonDocument.Parse(json.Output);
        Assert.AreEqual("example.com/hello", doc.RootElement.GetProperty("Module").GetProperty("Path").GetString());
        var require = doc.RootElement.GetProperty("Require").EnumerateArray().Single();
        Assert.AreEqual("example.com/dep", require.GetProperty("Path").GetString());
        Assert.AreEqual("v1.2.3", require.GetProperty("Version").GetString());
    }

    private static XDocument ToolSettings(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>Reports whether an assembly in the package carries ReadyToRun code (a managed native header).</summary>
    private static bool IsReadyToRun(string nupkg, string path)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.GetEntry(path)!.Open();
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        bytes.Position = 0;
        using var pe = new PEReader(bytes);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
