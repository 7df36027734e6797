using System.Text.Json;
using ModuleSdk.Tests.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// <c>path@vN.x.y</c> for a v2+ tag of a module without a module file resolves to
/// <c>vN.x.y+incompatible</c>, as the go command's direct mode does (codeRepo.convert), for
/// <c>download -json</c> and <c>get</c>. Go reads the same repository through git's
/// <c>url.insteadOf</c>; its twin carries no go.mod either.
/// </summary>
[TestClass]
public class DirectIncompatibleTests
{
    private const string Root = "example.com/inc.git";

    private static (GitFixture Git, string Host) Repo()
    {
        var g = new GitFixture();
        var c1 = g.Commit("one", ("a.cs", "class A {}\n"));
        g.Tag("v1.0.0", c1);
        var c4 = g.Commit("four", ("b.cs", "class B {}\n"));
        g.Tag("v4.1.2", c4, annotated: true);
        g.Tag("v6.1.0", g.Commit("six", ("c.cs", "class C {}\n")));
        return (g, Root[..^".git".Length]);
    }

    private static Dictionary<string, string?> Env(CliFixture cli, GitFixture g) =>
        new(cli.Env, StringComparer.Ordinal) { ["MODPROXY"] = "direct", ["MODREPOS"] = Root + "=" + g.Url };

    [TestMethod]
    public async Task DownloadJson_PlainV4Tag_ResolvesToIncompatible_AsGo()
    {
        var (g, host) = Repo();
        using var _ = g;
        using var cli = new CliFixture();
        cli.WriteMod("module example.com/main\n");
        var r = await CliFixture.RunIn(cli.Work, Env(cli, g), ["download", "-json", Root + "@v4.1.2"]);
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        using var ours = JsonDocument.Parse(r.Out);
        Assert.AreEqual("v4.1.2+incompatible", ours.RootElement.GetProperty("Version").GetString(), r.Out);

        if (!GoTool.IsAvailable) return;
        var go = GoDirect(cli, g, host, "mod", "download", "-json", Root + "@v4.1.2");
        using var theirs = JsonDocument.Parse(go.Stdout);
        Assert.IsFalse(theirs.RootElement.TryGetProperty("Error", out var err), err.ToString() + go.Stderr);
        Assert.AreEqual(theirs.RootElement.GetProperty("Version").GetString(), ours.RootElement.GetProperty("Version").GetString());
        Assert.AreEqual(theirs.RootElement.GetProperty("Sum").GetString(), ours.RootElement.GetProperty("Sum").GetString());
    }

    [TestMethod]
    public async Task Get_PlainV6Tag_RequiresIncompatible_AsGo()
    {
        var (g, host) = Repo();
        using var _ = g;
        using var cli = new CliFixture();
        cli.WriteMod("module example.com/main\n");
        var r = await CliFixture.RunIn(cli.Work, Env(cli, g), ["get", Root + "@v6.1.0"]);
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        StringAssert.Contains(cli.Mod, $"require {Root} v6.1.0+incompatible\n");

        if (!GoTool.IsAvailable) return;
        var go = GoDirect(cli, g, host, "get", Root + "@v6.1.0");
        Assert.AreEqual(0, go.ExitCode, go.Stderr);
        // Go marks it indirect: no Go package imports it.
        StringAssert.Contains(File.ReadAllText(Path.Combine(cli.GoWork, "go.mod")), $"require {Root} v6.1.0+incompatible");
    }

    // The go command in direct mode over the fixture's repository (git's insteadOf), in a
    // go.mod twin of the main module.
    private static GoTool.Result GoDirect(CliFixture cli, GitFixture g, string host, params string[] args)
    {
        Directory.CreateDirectory(cli.GoWork);
        File.WriteAllText(Path.Combine(cli.GoWork, "go.mod"), "module example.com/main\n\ngo 1.19\n");
        string gitConfig = Path.Combine(cli.Root, "gitconfig");
        File.WriteAllText(gitConfig, $"[url \"{g.Url}\"]\n\tinsteadOf = https://{host}\n\tinsteadOf = git://{host}\n[protocol \"file\"]\n\tallow = always\n");
        return GoTool.RunWith(cli.GoWork, cli.GoPath, "direct", new Dictionary<string, string?>
        {
            ["GOPRIVATE"] = "*",
            ["GONOSUMDB"] = "*",
            ["HOME"] = cli.Home,
            ["GIT_CONFIG_GLOBAL"] = gitConfig,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        }, null, args);
    }
}
