namespace ModuleSdk.Tests.Cli;

/// <summary>
/// The small module universe most CLI tests share (every module file is valid as go.mod too):
/// <code>
/// example.com/a  v1.0.0 -> b v1.0.0;  v1.0.1 -> b v1.0.0;  v1.1.0 -> b v1.1.0;  v1.2.0 -> b v1.1.0;  v1.3.0-pre -> b v1.1.0
/// example.com/b  v1.0.0, v1.1.0, v1.2.0
/// example.com/c  v1.0.0 -> b v1.2.0;  v1.1.0 -> b v1.2.0, deprecated ("use example.com/d")
/// example.com/d  v1.0.0
/// example.com/r  v1.0.0, v1.1.0, v1.2.0 (which retracts v1.1.0: "bad release")
/// example.com/pre  v0.1.0-alpha, v0.2.0-beta (prereleases only)
/// </code>
/// </summary>
internal static class Universe
{
    public const string MainPath = "example.com/main";

    /// <summary>The main module most tests start from: build list a v1.0.0, b v1.2.0, c v1.0.0, r v1.1.0.</summary>
    public const string MainMod =
        "module example.com/main\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n\texample.com/r v1.1.0\n)\n";

    /// <summary>The go.mod twin of <see cref="MainMod"/> (classic MVS: go 1.16).</summary>
    public static string GoTwin(string modText) => modText.Replace("module example.com/main\n", "module example.com/main\n\ngo 1.16\n");

    public static CliFixture Create(string? mainMod = MainMod)
    {
        var f = new CliFixture();
        f.Proxy
            .Add("example.com/a", "v1.0.0", ["example.com/b v1.0.0"])
            .Add("example.com/a", "v1.0.1", ["example.com/b v1.0.0"])
            .Add("example.com/a", "v1.1.0", ["example.com/b v1.1.0"])
            .Add("example.com/a", "v1.2.0", ["example.com/b v1.1.0"])
            .Add("example.com/a", "v1.3.0-pre", ["example.com/b v1.1.0"])
            .Add("example.com/b", "v1.0.0")
            .Add("example.com/b", "v1.1.0")
            .Add("example.com/b", "v1.2.0")
            .Add("example.com/c", "v1.0.0", ["example.com/b v1.2.0"])
            .Add("example.com/c", "v1.1.0", ["example.com/b v1.2.0"], deprecated: "use example.com/d")
            .Add("example.com/d", "v1.0.0")
            .Add("example.com/r", "v1.0.0")
            .Add("example.com/r", "v1.1.0")
            .Add("example.com/r", "v1.2.0", extra: "retract v1.1.0 // bad release")
            .Add("example.com/pre", "v0.1.0-alpha")
            .Add("example.com/pre", "v0.2.0-beta");
        if (mainMod is not null) f.WriteMod(mainMod);
        return f;
    }
}
