using ModuleSdk.Cli;
using ModuleSdk.SumDb;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// Rotating the checksum database's key (docs/trust.md): a new key of the same name is added as
/// <c>SumDb:NextSignerKey</c>, the log signs every tree head with both (Go's note format carries
/// several signatures), clients configured with either key accept it (<c>dotnet mod</c> and the go
/// command, each with the old key and with the new), and once the new key is the only one, the
/// timelines clients kept (heads signed by the old key) still extend, while the old key stops
/// being accepted from the first head signed without it.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class KeyRotationTests
{
    private const string M = "example.org/Hello";

    // dotnet mod download of M@version into its own work folder, with the given key and cache.
    private static async Task<(int Code, string Output)> DotnetMod(string work, string cache, string proxy, string key, string version)
    {
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "module.mod"), $"module example.com/client\n\nrequire {M} {version}\n");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODPROXY"] = proxy,
            ["MODSUMDB"] = key,
            ["MODCACHE"] = cache,
            ["HOME"] = work,
        };
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int code = await CliApp.RunAsync(new CliContext(work, env, o, e), ["download", "-json", $"{M}@{version}"]).WaitAsync(TimeSpan.FromSeconds(120));
        return (code, o + "\n" + e);
    }

    private static (int Code, string Output) Go(SumDbFixture f, string gopath, ProxyHost proxy, string key, string version)
    {
        var r = GoWithSumDb.Run(Path.Combine(gopath, "work"), gopath, proxy.Url, $"{key} {proxy.Url}/sumdb/{SumDbFixture.Name}", "mod", "download", "-json",
            $"{M}@{version}");
        return (r.ExitCode, r.Stdout + "\n" + r.Stderr);
    }

    private static Note Open(byte[] head, string key) => Note.Open(head, [NoteVerifier.Parse(key)]);

    [TestMethod]
    public async Task DuringARotation_ClientsWithEitherKeyAcceptTheLog_AndAfterItTheNewKeyExtendsTheOldTimelines()
    {
        bool go = GoTool.IsAvailable;
        using var f = new SumDbFixture((M, "v1.0.0"), (M, "v1.1.0"), (M, "v1.2.0"), (M, "v1.3.0"));
        string storage = f.Dir.Combine("data");
        string nextKeyFile = f.Dir.Combine("next.key");
        var keygen = new StringWriter();
        Assert.AreEqual(0, ModuleSdk.Proxy.SumDb.KeygenCommand.Run([SumDbFixture.Name, nextKeyFile], keygen, new StringWriter()));
        string oldKey = f.VerifierKey, newKey = keygen.ToString().Trim();
        Assert.AreNotEqual(oldKey, newKey);
        string Cache(string name) => f.Dir.Combine("cache-" + name);
        string GoPath(string name) => f.Dir.Combine("gopath-" + name);

        // Before: the old key only. Clients see heads signed by it and keep them.
        await using (var before = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + storage)))
        {
            foreach (var name in new[] { "old", "stale" })
            {
                var r = await DotnetMod(f.Dir.Combine("w-before-" + name), Cache(name), before.Url, oldKey, "v1.0.0");
                Assert.AreEqual(0, r.Code, r.Output);
                if (go) Assert.AreEqual(0, Go(f, GoPath(name), before, oldKey, "v1.0.0").Code);
            }
        }

        // During: both keys sign. The head stored before is served (and stored again) signed by both.
        await using (var during = await ProxyHost.StartAsync(f.Settings("Storage:Kind=disk", "Storage:Path=" + storage, "SumDb:NextSignerKey=" + nextKeyFile)))
        {
            var head = await during.Http.GetByteArrayAsync($"{during.Url}/sumdb/{SumDbFixture.Name}/latest");
            Assert.AreEqual(1, LogTree.Parse(Open(head, oldKey)).N);
            Assert.AreEqual(1, LogTree.Parse(Open(head, newKey)).N, "the head stored before the rotation is signed by the next key too");
            Assert.AreEqual(2, Note.Open(head, [NoteVerifier.Parse(oldKey), NoteVerifier.Parse(newKey)]).Sigs.Count);

            // The C# client with the old key (its timeline from before) and with the new key (fresh).
            var r = await DotnetMod(f.Dir.Combine("w-during-old"), Cache("old"), during.Url, oldKey, "v1.1.0");
            Assert.AreEqual(0, r.Code, r.Output);
            r = await DotnetMod(f.Dir.Combine("w-during-new"), Cache("new"), during.Url, newKey, "v1.1.0");
            Assert.AreEqual(0, r.Code, r.Output);
            head = await during.Http.GetByteArrayAsync($"{during.Url}/sumdb/{SumDbFixture.Name}/latest");
            Assert.AreEqual(2, LogTree.Parse(Open(head, newKey)).N);
            Assert.AreEqual(2, LogTree.Parse(Open(head, oldKey)).N, "a head appended during the rotation is signed by both keys");

            // The go command accepts a note one of its known keys verified: with the old key (its
            // timeline from before) and with the new key (fresh).
            if (go)
            {
                var g = Go(f, GoPath("old"), during, oldKey, "v1.1.0");
                Assert.AreEqual(0, g.Code, g.Output);
                g = Go(f, GoPath("new"), during, newKey, "v1.1.0");
                Assert.AreEqual(0, g.Code, g.Output);
            }
        }
        Assert.AreEqual(2,
            LogTree.Parse(Open(File.ReadAllBytes(Path.Combine(Cache("old"), "cache", "download", "sumdb", SumDbFixture.Name, "latest")), newKey)).N,
            "the old-key client's latest tree carries the new key's signature too");

        // After: the new key only. Every client moves to it.
        await using (var after = await ProxyHost.StartAsync("Upstream=" + f.OriginUrl, "SumDb:Name=" + SumDbFixture.Name, "SumDb:SignerKey=" + nextKeyFile,
            "Storage:Kind=disk", "Storage:Path=" + storage))
        {
            // A timeline kept during the rotation, and one kept before it (signed by the old key
            // only: the client's own record, which the new heads must still contain).
            var r = await DotnetMod(f.Dir.Combine("w-after-old"), Cache("old"), after.Url, newKey, "v1.2.0");
            Assert.AreEqual(0, r.Code, r.Output);
            r = await DotnetMod(f.Dir.Combine("w-after-stale"), Cache("stale"), after.Url, newKey, "v1.2.0");
            Assert.AreEqual(0, r.Code, r.Output);
            var latest = File.ReadAllBytes(Path.Combine(Cache("stale"), "cache", "download", "sumdb", SumDbFixture.Name, "latest"));
            Assert.AreEqual(3, LogTree.Parse(Open(latest, newKey)).N);

            // The first head signed after the rotation no longer carries the old key's signature.
            var head = await after.Http.GetByteArrayAsync($"{after.Url}/sumdb/{SumDbFixture.Name}/latest");
            var e = Assert.ThrowsExactly<Diagnostics.ModuleException>(() => Open(head, oldKey));
            Assert.AreEqual("MOD6603", e.Code);
            r = await DotnetMod(f.Dir.Combine("w-after-oldkey"), Cache("oldkey"), after.Url, oldKey, "v1.3.0");
            Assert.AreNotEqual(0, r.Code, r.Output);
            StringAssert.Contains(r.Output, "MOD6603");

            if (go)
            {
                var g = Go(f, GoPath("old"), after, newKey, "v1.2.0");
                Assert.AreEqual(0, g.Code, g.Output);
                g = Go(f, GoPath("new"), after, newKey, "v1.2.0");
                Assert.AreEqual(0, g.Code, g.Output);
                // The go command refuses a kept head that only the old key signed (docs/trust.md):
                // that machine did not run during the overlap.
                g = Go(f, GoPath("stale"), after, newKey, "v1.2.0");
                Assert.AreNotEqual(0, g.Code, g.Output);
                StringAssert.Contains(g.Output, "no verifiable signatures");
                g = Go(f, GoPath("oldkey"), after, oldKey, "v1.3.0");
                Assert.AreNotEqual(0, g.Code, g.Output);
                StringAssert.Contains(g.Output, "no verifiable signatures");
            }
        }
    }

    [TestMethod]
    public async Task TheNextKey_MustBeANewKeyOfTheSameName()
    {
        using var f = new SumDbFixture((M, "v1.0.0"));
        var e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() => ProxyHost.StartAsync(f.Settings("SumDb:NextSignerKey=" + f.KeyFile)));
        Assert.AreEqual("MOD6610", e.Code);
        StringAssert.Contains(e.Message, "same key");
        string other = f.Dir.Combine("other.key");
        Assert.AreEqual(0, ModuleSdk.Proxy.SumDb.KeygenCommand.Run(["sum.other.test", other], new StringWriter(), new StringWriter()));
        e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() => ProxyHost.StartAsync(f.Settings("SumDb:NextSignerKey=" + other)));
        Assert.AreEqual("MOD6610", e.Code);
        StringAssert.Contains(e.Message, "SumDb:NextSignerKey");
        e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() =>
            ProxyHost.StartAsync(f.Settings("SumDb:NextSignerKey=" + f.Dir.Combine("missing.key"))));
        Assert.AreEqual("MOD6610", e.Code);
    }
}
