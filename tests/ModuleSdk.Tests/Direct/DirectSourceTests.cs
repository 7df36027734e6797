using System.IO.Compression;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Direct;
using ModuleSdk.Fetching;

namespace ModuleSdk.Tests.Direct;

[TestClass]
public class DirectSourceTests
{
    private const string Lib = "example.com/lib";

    internal static async Task<List<string>> ZipNamesAsync(IModuleSource source, string path, string version)
    {
        using var ms = new MemoryStream();
        await source.DownloadZipAsync(path, version, ms);
        ms.Position = 0;
        using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    internal static async Task<string> ZipEntryAsync(IModuleSource source, string path, string version, string name)
    {
        using var ms = new MemoryStream();
        await source.DownloadZipAsync(path, version, ms);
        ms.Position = 0;
        using var zip = new ZipArchive(ms, ZipArchiveMode.Read);
        using var r = new StreamReader(zip.GetEntry(name)!.Open());
        return r.ReadToEnd();
    }

    [TestMethod]
    public async Task Versions_LightweightAndAnnotatedTags_SortedCanonicalOnly()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("a.cs", "class A {}"));
        var c2 = g.Commit("two", ("b.cs", "class B {}"));
        var c3 = g.Commit("three", ("c.cs", "class C {}"));
        g.Tag("v1.0.0", c1);
        g.Tag("v1.1.0", c2, annotated: true);
        g.Tag("v1.2.0-rc.1", c3, annotated: true);
        g.Tag("v1.2", c3);               // not canonical: not a version
        g.Tag("release-3", c3);          // not semver
        g.Tag("v0.0.0-20200101000000-abcdefabcdef", c3); // pseudo-version tags are ignored
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v1.1.0", "v1.2.0-rc.1" }, (await s.VersionsAsync(Lib)).ToArray());
        CollectionAssert.AreEqual(new[] { "v1.1.0" }, (await s.VersionsAsync(Lib, "v1.1")).ToArray());
    }

    [TestMethod]
    public async Task Stat_Tag_InfoWithOrigin()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"));
        g.Tag("v1.0.0", c1, annotated: true);
        using var s = g.Source();
        var info = await s.StatAsync(Lib, "v1.0.0");
        Assert.AreEqual("v1.0.0", info.Version);
        Assert.AreEqual(GitFixture.T0, info.Time);
        Assert.AreEqual("git", info.Origin!.VCS);
        Assert.AreEqual(g.Url, info.Origin.URL);
        Assert.AreEqual(c1.Sha, info.Origin.Hash);
        Assert.AreEqual("refs/tags/v1.0.0", info.Origin.Ref);
    }

    [TestMethod]
    public async Task Stat_BranchAndHashes_PseudoVersionsInAllThreeForms()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"));
        var c2 = g.Commit("two", ("a.cs", "a"));
        using (var s = g.Source())
        {
            // No tag at all: v0.0.0-time-hash.
            var info = await s.StatAsync(Lib, "main");
            Assert.AreEqual("v0.0.0-20210304050707-" + c2.Sha[..12], info.Version);
            Assert.AreEqual("refs/heads/main", info.Origin!.Ref);
        }
        g.Tag("v1.2.3", c1);
        var c3 = g.Commit("three", ("b.cs", "b"));
        using (var s = g.Source())
        {
            Assert.AreEqual("v1.2.4-0.20210304050807-" + c3.Sha[..12], (await s.StatAsync(Lib, c3.Sha)).Version);
            Assert.AreEqual("v1.2.4-0.20210304050707-" + c2.Sha[..12], (await s.StatAsync(Lib, c2.Sha[..7])).Version);
            // A commit that carries a tag is that version, however it is named.
            Assert.AreEqual("v1.2.3", (await s.StatAsync(Lib, c1.Sha[..10])).Version);
        }
        g.Tag("v1.3.0-pre", c3, annotated: true);
        var c4 = g.Commit("four", ("d.cs", "d"));
        using (var s = g.Source())
        {
            Assert.AreEqual("v1.3.0-pre.0.20210304050907-" + c4.Sha[..12], (await s.StatAsync(Lib, "main")).Version);
            Assert.AreEqual("v1.3.0-pre.0.20210304050907-" + c4.Sha[..12], (await s.LatestAsync(Lib)).Version);
        }
    }

    [TestMethod]
    public async Task Stat_MergeCommit_BaseIsHighestTagOfEitherParent()
    {
        using var g = new GitFixture();
        var root = g.Commit("root", ("module.mod", "module example.com/lib\n"));
        g.Tag("v1.0.0", root);
        var side = g.Commit("side", [("side.cs", "s")], branch: "feature");
        g.Tag("v1.5.0", side);
        var main = g.Commit("main work", ("m.cs", "m"));
        var merge = g.Commit("merge", [("side.cs", "s")], branch: "main", extraParents: [side]);
        using var s = g.Source();
        Assert.AreEqual("v1.0.1-0.20210304050807-" + main.Sha[..12], (await s.StatAsync(Lib, main.Sha)).Version);
        StringAssert.StartsWith((await s.StatAsync(Lib, merge.Sha)).Version, "v1.5.1-0.");
        StringAssert.StartsWith((await s.StatAsync(Lib, "feature")).Version, "v1.5.0");
    }

    [TestMethod]
    public async Task Latest_NoTags_PseudoVersionOfDefaultBranch()
    {
        using var g = new GitFixture();
        g.Commit("one", ("module.mod", "module example.com/lib\n"));
        var c2 = g.Commit("two", ("x.cs", "x"));
        g.Commit("other", [("y.cs", "y")], branch: "dev");
        using var s = g.Source();
        Assert.AreEqual(0, (await s.VersionsAsync(Lib)).Count);
        var latest = await s.LatestAsync(Lib);
        Assert.AreEqual("v0.0.0-20210304050707-" + c2.Sha[..12], latest.Version);
    }

    [TestMethod]
    public async Task ModAndZip_Tag_FromTree()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n\nrequire example.com/dep v1.0.0\n"), ("src/Lib.cs", "class Lib {}"),
            ("LICENSE", "MIT"), ("tools/module.mod", "module example.com/lib/tools\n"), ("tools/T.cs", "t"), (".gitignore", "bin/"));
        g.Tag("v1.0.0", c);
        using var s = g.Source();
        Assert.AreEqual("module example.com/lib\n\nrequire example.com/dep v1.0.0\n", Encoding.UTF8.GetString(await s.GetModAsync(Lib, "v1.0.0")));
        CollectionAssert.AreEqual(new[]
        {
            "example.com/lib@v1.0.0/.gitignore", "example.com/lib@v1.0.0/LICENSE", "example.com/lib@v1.0.0/module.mod", "example.com/lib@v1.0.0/src/Lib.cs",
        }, (await ZipNamesAsync(s, Lib, "v1.0.0")).ToArray());
    }

    [TestMethod]
    public async Task ModAndZip_NoModFile_SynthesizedModuleLine()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("a.cs", "a"));
        g.Tag("v0.1.0", c);
        using var s = g.Source();
        Assert.AreEqual("module example.com/lib\n", Encoding.UTF8.GetString(await s.GetModAsync(Lib, "v0.1.0")));
        CollectionAssert.AreEqual(new[] { "example.com/lib@v0.1.0/a.cs" }, (await ZipNamesAsync(s, Lib, "v0.1.0")).ToArray());
    }

    [TestMethod]
    public async Task SubdirectoryModule_PrefixedTags_LicenseCopied()
    {
        using var g = new GitFixture();
        var c = g.Commit("one", ("module.mod", "module example.com/lib\n"), ("LICENSE", "Apache"),
            ("tools/module.mod", "module example.com/lib/tools\n"), ("tools/T.cs", "t"));
        g.Tag("v1.0.0", c);
        g.Tag("tools/v0.2.0", c);
        g.Tag("tools/v0.3.0", g.Commit("two", ("tools/U.cs", "u")), annotated: true);
        using var s = g.Source();
        const string Tools = "example.com/lib/tools";
        CollectionAssert.AreEqual(new[] { "v0.2.0", "v0.3.0" }, (await s.VersionsAsync(Tools)).ToArray());
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await s.VersionsAsync(Lib)).ToArray());
        var info = await s.StatAsync(Tools, "v0.2.0");
        Assert.AreEqual("tools", info.Origin!.Subdir);
        Assert.AreEqual("refs/tags/tools/v0.2.0", info.Origin.Ref);
        CollectionAssert.AreEqual(new[] { "example.com/lib/tools@v0.2.0/LICENSE", "example.com/lib/tools@v0.2.0/T.cs",
            "example.com/lib/tools@v0.2.0/module.mod" },
            (await ZipNamesAsync(s, Tools, "v0.2.0")).ToArray());
        Assert.AreEqual("Apache", await ZipEntryAsync(s, Tools, "v0.2.0", "example.com/lib/tools@v0.2.0/LICENSE"));
        var pseudo = await s.StatAsync(Tools, "main");
        Assert.AreEqual("v0.3.0", pseudo.Version);
    }

    [TestMethod]
    public async Task MajorV2_AtRootDeclaringV2()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("v1", ("module.mod", "module example.com/lib\n"), ("a.cs", "a"));
        g.Tag("v1.0.0", c1);
        var c2 = g.Commit("v2", ("module.mod", "module example.com/lib/v2\n"));
        g.Tag("v2.0.0", c2);
        g.Tag("v2.1.0", g.Commit("v2.1", ("b.cs", "b")));
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await s.VersionsAsync(Lib)).ToArray());
        CollectionAssert.AreEqual(new[] { "v2.0.0", "v2.1.0" }, (await s.VersionsAsync(Lib + "/v2")).ToArray());
        Assert.AreEqual("module example.com/lib/v2\n", Encoding.UTF8.GetString(await s.GetModAsync(Lib + "/v2", "v2.0.0")));
        CollectionAssert.Contains(await ZipNamesAsync(s, Lib + "/v2", "v2.1.0"), "example.com/lib/v2@v2.1.0/b.cs");
        // v2 of the unsuffixed path is refused with Go's advice.
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.StatAsync(Lib, "v2.0.0"));
        Assert.AreEqual(DiagnosticCodes.DirectVersionInvalid, e.Code);
        StringAssert.Contains(e.Message, "module path must match major version (\"example.com/lib/v2\")");
        // A v1 tag is not a version of the /v2 module.
        var e2 = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.StatAsync(Lib + "/v2", "v1.0.0"));
        StringAssert.Contains(e2.Message, "should be v2, not v1");
        // A pseudo-version of the /v2 module without a v2 tag below it uses v2.0.0.
        Assert.AreEqual("v2.1.0", (await s.LatestAsync(Lib + "/v2")).Version);
    }

    [TestMethod]
    public async Task MajorV2_InV2Directory()
    {
        using var g = new GitFixture();
        var c = g.Commit("both", ("module.mod", "module example.com/lib\n"), ("a.cs", "a"), ("v2/module.mod", "module example.com/lib/v2\n"), ("v2/b.cs", "b"));
        g.Tag("v1.5.0", c);
        g.Tag("v2.0.0", c);
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "v1.5.0" }, (await s.VersionsAsync(Lib)).ToArray());
        CollectionAssert.AreEqual(new[] { "v2.0.0" }, (await s.VersionsAsync(Lib + "/v2")).ToArray());
        CollectionAssert.AreEqual(new[] { "example.com/lib/v2@v2.0.0/b.cs", "example.com/lib/v2@v2.0.0/module.mod" },
            (await ZipNamesAsync(s, Lib + "/v2", "v2.0.0")).ToArray());
        // The v1 module leaves its nested v2 module out.
        CollectionAssert.AreEqual(new[] { "example.com/lib@v1.5.0/a.cs", "example.com/lib@v1.5.0/module.mod" },
            (await ZipNamesAsync(s, Lib, "v1.5.0")).ToArray());
    }

    [TestMethod]
    public async Task Incompatible_V2TagWithoutModFile()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("a.cs", "a"));
        g.Tag("v1.0.0", c1);
        var c2 = g.Commit("two", ("b.cs", "b"));
        g.Tag("v2.0.0", c2);
        g.Tag("v3.0.0", g.Commit("three", ("module.mod", "module example.com/lib/v3\n")));
        using var s = g.Source();
        // v3's latest tag has a module.mod: it belongs to example.com/lib/v3, not +incompatible.
        CollectionAssert.AreEqual(new[] { "v1.0.0", "v2.0.0+incompatible" }, (await s.VersionsAsync(Lib)).ToArray());
        var info = await s.StatAsync(Lib, "v2.0.0+incompatible");
        Assert.AreEqual("v2.0.0+incompatible", info.Version);
        Assert.AreEqual("module example.com/lib\n", Encoding.UTF8.GetString(await s.GetModAsync(Lib, "v2.0.0+incompatible")));
        CollectionAssert.AreEqual(new[] { "example.com/lib@v2.0.0+incompatible/a.cs", "example.com/lib@v2.0.0+incompatible/b.cs" },
            (await ZipNamesAsync(s, Lib, "v2.0.0+incompatible")).ToArray());
        // Go 1.19 (codeRepo.convert): the plain tag resolves to its +incompatible version...
        var plain = await s.StatAsync(Lib, "v2.0.0");
        Assert.AreEqual("v2.0.0+incompatible", plain.Version);
        Assert.AreEqual(c2.Sha, plain.Origin!.Hash);
        // ...but content is served only under the version the tag gives.
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.GetModAsync(Lib, "v2.0.0"));
        StringAssert.Contains(e.Message, "should be v2.0.0+incompatible (or module example.com/lib/v2)");
        // v3.0.0 has a module.mod: never +incompatible.
        var v3 = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.StatAsync(Lib, "v3.0.0"));
        StringAssert.Contains(v3.Message, "module path must match major version");
        // The commit after v2.0.0 gets an +incompatible pseudo-version.
        Assert.AreEqual(c2.Sha, (await s.StatAsync(Lib, c2.Sha[..8])).Origin!.Hash);
        Assert.AreEqual("v2.0.0+incompatible", (await s.StatAsync(Lib, c2.Sha[..8])).Version);
    }

    [TestMethod]
    public async Task Incompatible_DroppedWhenLatestV1HasModFile()
    {
        using var g = new GitFixture();
        g.Tag("v2.0.0", g.Commit("legacy", ("a.cs", "a")));
        g.Tag("v1.1.0", g.Commit("modular", ("module.mod", "module example.com/lib\n")));
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "v1.1.0" }, (await s.VersionsAsync(Lib)).ToArray());
    }

    [TestMethod]
    public async Task Versions_TagDeclaringAnotherModule_NotAVersion()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("module.mod", "module example.com/lib\n")));
        g.Tag("v1.1.0", g.Commit("renamed", ("module.mod", "module example.com/other\n")));
        using var s = g.Source();
        CollectionAssert.AreEqual(new[] { "v1.0.0" }, (await s.VersionsAsync(Lib)).ToArray());
    }

    [TestMethod]
    public async Task PseudoVersionBase_SkipsRetractedTags()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("one", ("module.mod", "module example.com/lib\n")));
        var bad = g.Commit("bad", ("a.cs", "broken"));
        g.Tag("v1.1.0", bad);
        var next = g.Commit("next", ("a.cs", "fixed"));
        g.Tag("v1.2.0", g.Commit("retract", [("module.mod", "module example.com/lib\n\nretract v1.1.0 // broken\n")], branch: "release", parent: bad));
        using var s = g.Source();
        Assert.AreEqual("v1.0.1-0.20210304050807-" + next.Sha[..12], (await s.StatAsync(Lib, next.Sha)).Version);
    }

    // ---- pseudo-version validation -------------------------------------------------------

    [TestMethod]
    public async Task PseudoVersion_Valid_Accepted()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"));
        g.Tag("v1.2.3", c1);
        var c2 = g.Commit("two", ("a.cs", "a"));
        using var s = g.Source();
        string v = "v1.2.4-0.20210304050707-" + c2.Sha[..12];
        var info = await s.StatAsync(Lib, v);
        Assert.AreEqual(v, info.Version);
        Assert.AreEqual(c2.Sha, info.Origin!.Hash);
        Assert.AreEqual("module example.com/lib\n", Encoding.UTF8.GetString(await s.GetModAsync(Lib, v)));
        string noBase = "v0.0.0-20210304050707-" + c2.Sha[..12];
        Assert.AreEqual(noBase, (await s.StatAsync(Lib, noBase)).Version);
    }

    [TestMethod]
    [DataRow("v1.2.4-0.20210304050707-{short13}", "revision is longer than canonical (expected {short})", DisplayName = "long hash")]
    [DataRow("v1.2.4-0.20210304050707-{short11}", "revision is shorter than canonical (expected {short})", DisplayName = "short hash")]
    [DataRow("v1.2.4-0.20210304050800-{short}", "does not match version-control timestamp (expected 20210304050707)", DisplayName = "wrong time")]
    [DataRow("v1.0.0-20210304050707-{short}", "major version without preceding tag must be v0, not v1", DisplayName = "v1 without tag")]
    [DataRow("v1.9.1-0.20210304050707-{short}", "preceding tag (v1.9.0) not found", DisplayName = "missing base tag")]
    [DataRow("v1.5.1-0.20210304050707-{short}", "revision {short} is not a descendent of preceding tag (v1.5.0)", DisplayName = "base not an ancestor")]
    [DataRow("v1.2.3-0.20210304050707-{short}", "preceding tag (v1.2.2) not found", DisplayName = "base below tag")]
    public async Task PseudoVersion_Invalid_GoError(string version, string why)
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("module.mod", "module example.com/lib\n"));
        g.Tag("v1.2.3", c1);
        var c2 = g.Commit("two", ("a.cs", "a"));
        g.Tag("v1.5.0", g.Commit("side", [("s.cs", "s")], branch: "side", parent: c1));
        string Fill(string t) => t.Replace("{short13}", c2.Sha[..13]).Replace("{short11}", c2.Sha[..11]).Replace("{short}", c2.Sha[..12]);
        using var s = g.Source();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.StatAsync(Lib, Fill(version)));
        Assert.AreEqual(DiagnosticCodes.PseudoVersionMismatch, e.Code, e.Message);
        Assert.AreEqual($"{Lib}@{Fill(version)}: invalid pseudo-version: {Fill(why)}", e.Message);
    }

    [TestMethod]
    public async Task PseudoVersion_WrongHash_UnknownRevision()
    {
        using var g = new GitFixture();
        g.Commit("one", ("module.mod", "module example.com/lib\n"));
        using var s = g.Source();
        var e = await Assert.ThrowsExactlyAsync<DirectNotFoundException>(() => s.StatAsync(Lib, "v0.0.0-20210304050707-0123456789ab"));
        Assert.AreEqual(DiagnosticCodes.UnknownRevision, e.Code);
    }

    [TestMethod]
    public async Task PseudoVersion_OnTaggedCommit_AlreadyCanonical()
    {
        using var g = new GitFixture();
        g.Tag("v1.0.0", g.Commit("zero", ("module.mod", "module example.com/lib\n")));
        var c = g.Commit("one", ("a.cs", "a"));
        g.Tag("v1.1.0", c);
        using var s = g.Source();
        var e = await Assert.ThrowsExactlyAsync<ModuleException>(() => s.StatAsync(Lib, "v1.1.1-0.20210304050707-" + c.Sha[..12]));
        StringAssert.Contains(e.Message, "tag (v1.1.0) found on revision " + c.Sha[..12] + " is already canonical");
    }
}
