using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModuleSdk.Proxy;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The checksum database end to end on the SDK sample: a modproxy with its database on, the
/// app's <c>dotnet build</c> whose restore checks every new <c>module.sum</c> line against the
/// log (<c>MODSUMDB</c> through the proxy's <c>/sumdb/&lt;name&gt;/supported</c>), then
/// <c>dotnet mod version -m --verify</c> on the built app: the log vouches for every module
/// stamped into it; with a key of another log, nothing is vouched for and it fails.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class SumDbBuildTests
{
    private const string Name = "sum.sample.test";

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Build_VerifiesAgainstTheProxysDatabase_AndVersionVerifyVouchesForTheApp()
    {
        using var s = new Scenario("sumdb");
        string keyFile = Path.Combine(s.Dir, "signer.key");
        var keygen = new StringWriter();
        Assert.AreEqual(0, ModuleSdk.Proxy.SumDb.KeygenCommand.Run([Name, keyFile], keygen, new StringWriter()));
        string verifierKey = keygen.ToString().Trim();
        string upstream = new Uri(s.Proxy + "/").AbsoluteUri.TrimEnd('/');
        var app = ProxyServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:FormatterName=simple",
            "--Storage:Kind=memory", "--Upstream=" + upstream, "--TempPath=" + Path.Combine(s.Dir, "proxy-tmp"),
            "--SumDb:Name=" + Name, "--SumDb:SignerKey=" + keyFile]);
        try
        {
            await app.StartAsync();
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var env = s.Environment;
            env["MODPROXY"] = url;
            env["MODSUMDB"] = verifierKey;

            string output = s.Expect(true, s.App, env, "build");
            StringAssert.Contains(output, "example.com/app: 3 module(s) in the build list");
            // The restore asked the log: its latest tree is kept under the module cache.
            Assert.IsTrue(File.Exists(Path.Combine(env["MODCACHE"], "cache", "download", "sumdb", Name, "latest")), output);

            string bin = Path.Combine("bin", "Debug", "net10.0");
            var (code, verified, error) = ModWith(s, env, "version", "-m", "--verify", Path.Combine(bin, "App.dll"));
            Assert.AreEqual(0, code, verified + error);
            StringAssert.Contains(verified, $"{Path.Combine(bin, "App.dll")}: 3 module(s) vouched for by {Name}");
            foreach (var line in File.ReadAllLines(s.SumFile).Where(l => !l.Contains("/module.mod ")))
            {
                var f = line.Split(' ');
                if (verified.Contains($"\t{f[0]}\t{f[1]}\t")) StringAssert.Contains(verified, $"\tok\t{f[0]}\t{f[1]}\t{f[2]}\n");
            }

            // The bill of materials of the same output folder lists the same modules.
            var (sbomCode, sbom, sbomError) = ModWith(s, env, "version", "-m", "--sbom", "cyclonedx", bin);
            Assert.AreEqual(0, sbomCode, sbomError);
            StringAssert.Contains(sbom, "\"purl\": \"pkg:golang/example.com/logging@v1.2.0\"");

            // Another log's key (a fresh cache): the answers are not signed by it; nothing is vouched for.
            var (_, otherKey) = ModuleSdk.SumDb.NoteKeys.Generate(Name);
            env["MODSUMDB"] = otherKey;
            env["MODCACHE"] = Path.Combine(s.Dir, "cache-other");
            var (badCode, bad, badError) = ModWith(s, env, "version", "-m", "--verify", Path.Combine(bin, "App.dll"));
            Assert.AreEqual(1, badCode, bad + badError);
            StringAssert.Contains(bad, "0 module(s) vouched for");
            StringAssert.Contains(badError, "MOD6708");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void Sbom_OfADirectModeBuild_NamesEachModulesRepositoryAndCommit()
    {
        using var s = new Scenario("sbom");
        var git = GitRepos.FromSnapshots(Path.Combine(SdkFeed.RepoRoot, "samples", "modules"), Path.Combine(s.Dir, "git"));
        var env = s.Environment;
        env.Remove("MODPROXY");
        env["MODREPOS"] = git.Rule;
        s.Expect(true, s.App, env, "build");

        // Each module assembly records where direct mode fetched its module from (vcs.url, vcs.revision).
        string bin = Path.Combine("bin", "Debug", "net10.0");
        var (code, info, error) = ModWith(s, env, "version", "-m", Path.Combine(bin, "Logging.dll"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(info, "\tbuild\tvcs=git\n");
        StringAssert.Contains(info, "\tbuild\tvcs.url=file://");
        StringAssert.Matches(info, new System.Text.RegularExpressions.Regex("\tbuild\tvcs.revision=[0-9a-f]{40}\n"));

        // The bill of the output folder carries them, from the binaries alone.
        var (sbomCode, sbom, sbomError) = ModWith(s, env, "version", "-m", "--sbom", "spdx", bin);
        Assert.AreEqual(0, sbomCode, sbomError);
        using var doc = System.Text.Json.JsonDocument.Parse(sbom);
        var logging = doc.RootElement.GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "example.com/logging");
        StringAssert.StartsWith(logging.GetProperty("downloadLocation").GetString(), "git+file://");
        StringAssert.Contains(sbom, "\"referenceLocator\": \"pkg:golang/example.com/logging@v1.2.0\"");
    }

    private static (int, string, string) ModWith(Scenario s, Dictionary<string, string> env, params string[] args)
    {
        var e = env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        e["HOME"] = s.Dir;
        var o = new StringWriter();
        var err = new StringWriter();
        int code = ModuleSdk.Cli.CliApp.RunAsync(new ModuleSdk.Cli.CliContext(s.App, e, o, err), args).GetAwaiter().GetResult();
        return (code, o.ToString(), err.ToString());
    }
}
