using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>
/// Runs the go command as a client of a checksum database: <c>GOPROXY</c> at the proxy,
/// <c>GOSUMDB="&lt;verifier key&gt; &lt;url&gt;"</c>, nothing exempt (<c>GONOSUMDB=</c>,
/// <c>GOPRIVATE=</c>), a GOPATH of the caller's (its <c>pkg/sumdb</c> keeps the last tree the go
/// command verified, as on a developer's machine).
/// </summary>
internal static class GoWithSumDb
{
    public static GoTool.Result Run(string workDir, string goPath, string proxy, string gosumdb, params string[] args)
    {
        GoTool.RequireGo();
        Directory.CreateDirectory(workDir);
        if (!File.Exists(Path.Combine(workDir, "go.mod"))) File.WriteAllText(Path.Combine(workDir, "go.mod"), "module example.com/goclient\n\ngo 1.16\n");
        var env = new Dictionary<string, string?>
        {
            ["GOSUMDB"] = gosumdb,
            ["GONOSUMCHECK"] = "",
            ["GOINSECURE"] = "",
        };
        return GoTool.RunWith(workDir, goPath, proxy, env, TimeSpan.FromMinutes(3), args);
    }
}
