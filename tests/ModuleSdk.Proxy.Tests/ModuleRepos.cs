using ModuleSdk.Tests.Direct;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// Real git repositories for the direct upstream, made with LibGit2Sharp:
/// <c>example.com/lib</c> (v1.0.0, v1.1.0, an untagged commit after them on main, and v2.0.0 of
/// <c>example.com/lib/v2</c>), <c>example.com/Upper</c> (a path that needs escaping, v1.0.0) and
/// <c>example.com/old</c> (no module.mod, tag v2.0.0: <c>v2.0.0+incompatible</c>).
/// </summary>
internal sealed class ModuleRepos : IDisposable
{
    public ModuleRepos()
    {
        var c1 = Lib.Commit("v1.0.0", ("module.mod", "module example.com/lib\n"),
            ("src/Lib.cs", "namespace Lib; public static class Info { public const string Version = \"v1.0.0\"; }\n"), ("LICENSE", "MIT\n"));
        Lib.Tag("v1.0.0", c1);
        var c2 = Lib.Commit("v1.1.0", ("src/Lib.cs", "namespace Lib; public static class Info { public const string Version = \"v1.1.0\"; }\n"));
        Lib.Tag("v1.1.0", c2, annotated: true);
        var v2 = Lib.Commit("v2", [("module.mod", "module example.com/lib/v2\n"),
            ("src/Lib.cs", "namespace Lib; public static class Info { public const string Version = \"v2.0.0\"; }\n")], branch: "v2");
        Lib.Tag("v2.0.0", v2);
        Head = Lib.Commit("untagged", ("src/Extra.cs", "namespace Lib; public static class Extra { }\n"));

        Upper.Tag("v1.0.0", Upper.Commit("upper", ("module.mod", "module example.com/Upper\n"), ("Upper.cs", "class Upper { }\n")));
        Old.Tag("v2.0.0", Old.Commit("old", ("old.cs", "class Old { }\n")));
    }

    public GitFixture Lib { get; } = new();
    public GitFixture Upper { get; } = new();
    public GitFixture Old { get; } = new();
    public LibGit2Sharp.Commit Head { get; }

    /// <summary>The <c>Repos</c> (MODREPOS) rules for all three.</summary>
    public string Rules => $"example.com/lib={Lib.Url},example.com/Upper={Upper.Url},example.com/old={Old.Url}";

    /// <summary>Adds a tag v1.2.0 to lib (a "new version" for list refresh tests).</summary>
    public void TagNewLibVersion(string version = "v1.2.0") => Lib.Tag(version, Head);

    public void Dispose()
    {
        Lib.Dispose();
        Upper.Dispose();
        Old.Dispose();
    }
}
