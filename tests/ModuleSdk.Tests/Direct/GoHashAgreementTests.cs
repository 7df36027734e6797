using System.IO.Compression;
using System.Text.Json;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Direct;

/// <summary>
/// The zip direct mode builds from a tag hashes to the same <c>h1:</c> as the go command's own
/// direct mode on the same repository (Go shells out to git, redirected to the fixture's
/// file:// repository with git's <c>url.insteadOf</c>). Each module directory holds both a
/// go.mod (for Go) and a module.mod (for us) with the same module line, so both tools see the
/// same module boundaries and zip the same file set.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class GoHashAgreementTests
{
    private static bool GitAvailable()
    {
        try
        {
            return ProcessRunner.Run("git", ["--version"]).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string GoSum(string work, string gitConfig, string module)
    {
        var r = GoTool.RunWith(work, Path.Combine(work, "gopath"), "direct", new Dictionary<string, string?>
        {
            ["GOPRIVATE"] = "*",
            ["GONOSUMDB"] = "*",
            ["GOCACHE"] = Path.Combine(work, "gocache"),
            ["HOME"] = work,
            ["GIT_CONFIG_GLOBAL"] = gitConfig,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        }, null, "mod", "download", "-json", module);
        using var doc = JsonDocument.Parse(r.Stdout);
        if (doc.RootElement.TryGetProperty("Error", out var err)) Assert.Fail("go: " + err.GetString() + "\n" + r.Stderr);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        return doc.RootElement.GetProperty("Sum").GetString()!;
    }

    [TestMethod]
    public async Task ZipHash_SameAsGoDirectMode()
    {
        GoTool.RequireGo();
        if (!GitAvailable()) Assert.Inconclusive("git is not installed (apt-get install -y git); Go's direct mode needs it");
        using var g = new GitFixture();
        const string Root = "example.com/lib.git";
        var c = g.Commit("one",
            ("go.mod", $"module {Root}\n"), ("module.mod", $"module {Root}\n"), ("LICENSE", "MIT License\n"),
            ("src/Lib.cs", "namespace Lib;\r\npublic class C {}\n"), ("docs/read me.md", "# hi\n"), ("link.cs", "->src/Lib.cs"),
            ("sub/go.mod", $"module {Root}/sub\n"), ("sub/module.mod", $"module {Root}/sub\n"), ("sub/S.cs", "class S {}\n"),
            (".gitattributes", "* text=auto\n"));
        g.Tag("v1.0.0", c, annotated: true);
        g.Tag("sub/v0.1.0", c);

        using var work = new TempDir("gohash");
        string gitConfig = work.Combine("gitconfig");
        // Go strips ".git" from the repository URL it pings (https://example.com/lib).
        string host = Root[..^".git".Length];
        File.WriteAllText(gitConfig, $"[url \"{g.Url}\"]\n\tinsteadOf = https://{host}\n\tinsteadOf = git://{host}\n[protocol \"file\"]\n\tallow = always\n");

        using var s = g.Source(Root + "=" + g.Url);
        foreach (var (path, version) in new[] { (Root, "v1.0.0"), (Root + "/sub", "v0.1.0") })
        {
            using var ms = new MemoryStream();
            await s.DownloadZipAsync(path, version, ms);
            ms.Position = 0;
            string ours = Hash1.HashZip(ms);
            string go = GoSum(work.Path, gitConfig, path + "@" + version);
            Assert.AreEqual(go, ours, $"{path}@{version}");
        }
    }

    /// <summary>
    /// Go leaves vendored packages out of module zips (x/mod zip.go isVendoredPackage, with its
    /// offset quirk): a tag holding vendor/ trees at the root and below must hash as Go's direct
    /// mode hashes it, and the zip must hold exactly the files Go's holds.
    /// </summary>
    [TestMethod]
    public async Task ZipHash_VendorTrees_SameAsGoDirectMode()
    {
        GoTool.RequireGo();
        if (!GitAvailable()) Assert.Inconclusive("git is not installed (apt-get install -y git); Go's direct mode needs it");
        using var g = new GitFixture();
        const string Root = "example.com/vend.git";
        var c = g.Commit("one",
            ("go.mod", $"module {Root}\n"), ("module.mod", $"module {Root}\n"), ("Lib.cs", "class L {}\n"),
            ("vendor/modules.txt", "# example.com/x v1.0.0\n"), ("vendor/example.com/x/x.go", "package x\n"),
            ("vendor/example.com/x/sub/y.cs", "class Y {}\n"), ("sub/vendor/direct.txt", "quirk\n"),
            ("sub/vendor/pkg/p.cs", "class P {}\n"), ("sub/keep.cs", "class K {}\n"), ("vendorx/a/b.cs", "class B {}\n"));
        g.Tag("v1.0.0", c);

        using var work = new TempDir("gohash-vendor");
        string gitConfig = work.Combine("gitconfig");
        string host = Root[..^".git".Length];
        File.WriteAllText(gitConfig, $"[url \"{g.Url}\"]\n\tinsteadOf = https://{host}\n\tinsteadOf = git://{host}\n[protocol \"file\"]\n\tallow = always\n");

        using var s = g.Source(Root + "=" + g.Url);
        using var ms = new MemoryStream();
        await s.DownloadZipAsync(Root, "v1.0.0", ms);
        ms.Position = 0;
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Read, leaveOpen: true))
        {
            CollectionAssert.AreEquivalent(
                new[] { "go.mod", "module.mod", "Lib.cs", "vendor/modules.txt", "sub/keep.cs", "vendorx/a/b.cs" }.Select(f => $"{Root}@v1.0.0/{f}").ToArray(),
                zip.Entries.Select(e => e.FullName).ToArray());
        }
        ms.Position = 0;
        Assert.AreEqual(GoSum(work.Path, gitConfig, Root + "@v1.0.0"), Hash1.HashZip(ms));
    }

    /// <summary>
    /// Go 1.19 appends <c>* -export-subst -export-ignore</c> to its bare repository's
    /// info/attributes before <c>git archive</c> (codehost/git.go ensureGitAttributes, golang/go
    /// #27153), so a tree's .gitattributes neither drops files nor expands $Format$ in module
    /// zips. Direct mode must therefore ignore them too: same files, same bytes, same h1.
    /// </summary>
    [TestMethod]
    public async Task ZipHash_GitattributesExportIgnoreAndSubst_IgnoredLikeGo()
    {
        GoTool.RequireGo();
        if (!GitAvailable()) Assert.Inconclusive("git is not installed (apt-get install -y git); Go's direct mode needs it");
        using var g = new GitFixture();
        const string Root = "example.com/attrs.git";
        string[] ignoredByPlainGit = ["secret.txt", "internal/x.cs", "notes.log", "gen/a/b.cs", "nested/local.txt"];
        var c = g.Commit("one",
            ("go.mod", $"module {Root}\n"), ("module.mod", $"module {Root}\n"), ("Lib.cs", "class L {}\n"),
            (".gitattributes", "secret.txt export-ignore\ninternal/ export-ignore\n*.log export-ignore\ngen/** export-ignore\nversion.txt export-subst\n"),
            ("secret.txt", "s\n"), ("internal/x.cs", "class X {}\n"), ("notes.log", "log\n"), ("gen/a/b.cs", "class B {}\n"),
            ("version.txt", "$Format:%H$\n"),
            ("nested/.gitattributes", "local.txt export-ignore\n"), ("nested/local.txt", "l\n"), ("nested/kept.txt", "k\n"));
        g.Tag("v1.0.0", c);

        // The fixture is meaningful only if plain git archive would honour these attributes.
        using (var plain = new MemoryStream(GitArchive(g.RepoPath, "v1.0.0")))
        using (var zip = new ZipArchive(plain))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var f in ignoredByPlainGit) Assert.IsFalse(names.Contains(f), "plain git archive kept " + f);
            using var r = new StreamReader(zip.GetEntry("version.txt")!.Open());
            Assert.AreEqual(c.Sha + "\n", r.ReadToEnd(), "plain git archive did not expand $Format$");
        }

        using var work = new TempDir("gohash-attrs");
        string gitConfig = work.Combine("gitconfig");
        string host = Root[..^".git".Length];
        File.WriteAllText(gitConfig, $"[url \"{g.Url}\"]\n\tinsteadOf = https://{host}\n\tinsteadOf = git://{host}\n[protocol \"file\"]\n\tallow = always\n");

        using var s = g.Source(Root + "=" + g.Url);
        using var ms = new MemoryStream();
        await s.DownloadZipAsync(Root, "v1.0.0", ms);
        ms.Position = 0;
        using (var ourZip = new ZipArchive(ms, ZipArchiveMode.Read, leaveOpen: true))
        {
            var names = ourZip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var f in ignoredByPlainGit) Assert.IsTrue(names.Contains($"{Root}@v1.0.0/{f}"), "our zip lacks " + f);
            using var r = new StreamReader(ourZip.GetEntry($"{Root}@v1.0.0/version.txt")!.Open());
            Assert.AreEqual("$Format:%H$\n", r.ReadToEnd());
        }
        ms.Position = 0;
        Assert.AreEqual(GoSum(work.Path, gitConfig, Root + "@v1.0.0"), Hash1.HashZip(ms));
    }

    // git archive's zip, written to a file beside the repository: the runner reads output as text.
    private static byte[] GitArchive(string gitDir, string tag)
    {
        string zip = Path.Combine(Path.GetDirectoryName(gitDir)!, "archive-" + tag + ".zip");
        var r = ProcessRunner.Run("git", ["--git-dir=" + gitDir, "archive", "--format=zip", "-o", zip, tag], environment: new Dictionary<string, string?>
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        });
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        return File.ReadAllBytes(zip);
    }
}
