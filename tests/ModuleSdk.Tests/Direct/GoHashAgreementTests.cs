using System.Diagnostics;
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
public class GoHashAgreementTests
{
    private static bool GitAvailable()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("git", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string GoSum(string work, string gitConfig, string module)
    {
        var psi = new ProcessStartInfo("go", ["mod", "download", "-json", module]) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        string gopath = Path.Combine(work, "gopath");
        psi.Environment["GOPROXY"] = "direct";
        psi.Environment["GOPRIVATE"] = "*";
        psi.Environment["GONOSUMDB"] = "*";
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment["GOFLAGS"] = "-mod=mod";
        psi.Environment["GOPATH"] = gopath;
        psi.Environment["GOMODCACHE"] = Path.Combine(gopath, "pkg", "mod");
        psi.Environment["GOCACHE"] = Path.Combine(work, "gocache");
        psi.Environment["GO111MODULE"] = "on";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["HOME"] = work;
        psi.Environment["GIT_CONFIG_GLOBAL"] = gitConfig;
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        using var doc = JsonDocument.Parse(stdout.Result);
        if (doc.RootElement.TryGetProperty("Error", out var err)) Assert.Fail("go: " + err.GetString() + "\n" + stderr.Result);
        Assert.AreEqual(0, p.ExitCode, stderr.Result);
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
}
