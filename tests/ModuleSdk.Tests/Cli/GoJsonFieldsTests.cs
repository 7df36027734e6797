using System.Text.Json;
using ModuleSdk.Tests.Direct;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// The fields of <c>list -m -json</c> and <c>download -json</c> for <c>path@query</c> arguments,
/// against Go 1.19 on the same proxy: Go resolves those outside the build list (no
/// <c>Indirect</c>, no <c>Replace</c>), prints <c>Query</c> only when it differs from the
/// version, and <c>download -json</c> carries <c>Query</c> and the query's <c>Origin</c>.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public class GoJsonFieldsTests
{
    private const string Main = "module example.com/main\n\nrequire example.com/a v1.0.0 // indirect\n";

    private static CliFixture Create()
    {
        var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0");
        f.Proxy.Add("example.com/a", "v1.12.0", ["example.com/b v1.0.0"]);
        f.Proxy.Add("example.com/b", "v1.0.0");
        f.Proxy.Add("example.com/b", "v1.1.0");
        f.WriteMod(Main);
        return f;
    }

    // Field names (nested objects too), with Go's GoMod/GoModSum spelled Mod/ModSum; values of the
    // fields that must agree.
    private static string Shape(JsonElement e) => string.Join(",", e.EnumerateObject().Select(p =>
        (p.Name switch { "GoMod" => "Mod", "GoModSum" => "ModSum", var n => n })
        + (p.Name is "Path" or "Version" or "Query" or "Indirect" ? "=" + p.Value : "")
        + (p.Value.ValueKind == JsonValueKind.Object ? "{" + Shape(p.Value) + "}" : "")));

    [TestMethod]
    [DataRow("list -m -json example.com/a@v1.12.0")]
    [DataRow("list -m -json example.com/a@v1.0.0")]
    [DataRow("list -m -json example.com/a@v1.12")]
    [DataRow("list -m -json example.com/b@latest")]
    [DataRow("list -m -json example.com/a")]
    [DataRow("mod download -json example.com/a@v1.12.0")]
    [DataRow("mod download -json example.com/a@v1.12")]
    [DataRow("mod download -json example.com/b@latest")]
    [DataRow("mod download -json example.com/a")]
    public async Task Fields_SameAsGo(string command)
    {
        GoTool.RequireGo();
        using var f = Create();
        var args = command.Split(' ');
        var r = await f.Ok(args[0] == "mod" ? args[1..] : args);
        var go = f.GoOk(Universe.GoTwin(Main), args);
        Assert.AreEqual(Shape(JsonDocument.Parse(go).RootElement), Shape(JsonDocument.Parse(r.Out).RootElement), $"{command}\ngo:\n{go}\nours:\n{r.Out}");
    }

    /// <summary>In direct mode the query's Origin (where the version came from) is printed, as Go does.</summary>
    [TestMethod]
    public async Task DownloadJson_DirectMode_HasQueryAndOrigin()
    {
        using var g = new GitFixture();
        var c1 = g.Commit("one", ("a.cs", "class A {}\n"));
        g.Tag("v1.0.0", c1);
        var c2 = g.Commit("two", ("b.cs", "class B {}\n"));
        g.Tag("v1.1.0", c2);
        using var cli = new CliFixture();
        cli.WriteMod("module example.com/main\n");
        var env = new Dictionary<string, string?>(cli.Env, StringComparer.Ordinal) { ["MODPROXY"] = "direct", ["MODREPOS"] = "example.com/lib=" + g.Url };
        var r = await CliFixture.RunIn(cli.Work, env, ["download", "-json", "example.com/lib@latest"]);
        Assert.AreEqual(0, r.ExitCode, r.ToString());
        var o = JsonDocument.Parse(r.Out).RootElement;
        Assert.AreEqual("v1.1.0", o.GetProperty("Version").GetString());
        Assert.AreEqual("latest", o.GetProperty("Query").GetString());
        var origin = o.GetProperty("Origin");
        Assert.AreEqual("git", origin.GetProperty("VCS").GetString());
        Assert.AreEqual("refs/tags/v1.1.0", origin.GetProperty("Ref").GetString());
        Assert.AreEqual(c2.Sha, origin.GetProperty("Hash").GetString());
        // Go's order: Origin comes last, after ModSum (GoModSum).
        Assert.AreEqual("Origin", o.EnumerateObject().Last().Name, r.Out);

        // An exact version: Origin, no Query.
        r = await CliFixture.RunIn(cli.Work, env, ["download", "-json", "example.com/lib@v1.0.0"]);
        o = JsonDocument.Parse(r.Out).RootElement;
        Assert.IsFalse(o.TryGetProperty("Query", out _), r.Out);
        Assert.AreEqual(c1.Sha, o.GetProperty("Origin").GetProperty("Hash").GetString());
    }
}
