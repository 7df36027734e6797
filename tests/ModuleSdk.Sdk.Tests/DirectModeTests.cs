using System.IO.Compression;
using System.Runtime.InteropServices;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// <c>dotnet build</c> in direct mode, the default <c>MODPROXY</c>: modules straight from git tags
/// through libgit2, which must load inside the .NET SDK's MSBuild from the SDK package's
/// <c>tasks/net10.0/runtimes/&lt;rid&gt;/native/</c> (issue 8: the package once shipped
/// LibGit2Sharp without its native library and every such restore failed with MOD5001).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class DirectModeTests
{
    [TestMethod]
    public void Build_DirectFromGitTags_EmptyCache_SelectsMvsVersions_ThenANewTag()
    {
        using var s = new Scenario("direct");
        var git = GitRepos.FromSnapshots(Path.Combine(SdkFeed.RepoRoot, "samples", "modules"), Path.Combine(s.Dir, "git"));
        // No MODPROXY at all: direct is the default. An empty cache, and a MODREPOS rule per origin:
        // example.com/* from the test's repositories, one more rule that no module here matches.
        var env = s.Environment;
        env.Remove("MODPROXY");
        env["MODREPOS"] = "example.org/*=file:///nonexistent/*.git," + git.Rule;
        Assert.IsFalse(Directory.Exists(s.Cache));

        string first = s.Expect(true, s.App, env, "build");
        StringAssert.Contains(first, "example.com/app: 3 module(s) in the build list");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.2.0");
        StringAssert.Contains(File.ReadAllText(s.SumFile), "example.com/logging v1.2.0 h1:");
        // The modules came through bare clones in the cache, not a proxy.
        Assert.IsTrue(Directory.EnumerateFileSystemEntries(Path.Combine(s.Cache, "cache", "vcs")).Any());
        Assert.IsTrue(File.Exists(Path.Combine(s.Cache, "example.com", "logging@v1.2.0", "Logging.csproj")));

        // The author tags a new release after the first build (lightweight tag this time); the
        // consumer requires it and the next build fetches the tag into the cached clone.
        git.Release("logging", "v1.5.0", annotated: false,
            ("module.mod", "module example.com/logging\n"),
            ("Logging.csproj", File.ReadAllText(Path.Combine(SdkFeed.RepoRoot, "samples", "modules", "logging", "v1.4.2", "Logging.csproj"))),
            ("Logging.cs",
                File.ReadAllText(Path.Combine(SdkFeed.RepoRoot, "samples", "modules", "logging", "v1.4.2", "Logging.cs")).Replace("v1.4.2", "v1.5.0")));
        File.AppendAllText(s.ModFile, "\nrequire example.com/logging v1.5.0\n");
        string second = s.Expect(true, s.App, env, "build");
        StringAssert.Contains(second, "example.com/app: 3 module(s) in the build list");
        StringAssert.Contains(s.RunApp(), "selected logging module: v1.5.0");
        StringAssert.Contains(File.ReadAllText(s.SumFile), "example.com/logging v1.5.0 h1:");
    }

    [TestMethod]
    public void Restore_SdkPackageWithoutLibgit2_FailsWithMod9010AtTheRequireLine()
    {
        using var s = new Scenario("direct-nolibgit2");
        var git = GitRepos.FromSnapshots(Path.Combine(SdkFeed.RepoRoot, "samples", "modules"), Path.Combine(s.Dir, "git"));
        // The SDK package as it shipped before issue 8: no tasks/net10.0/runtimes/. Its own feed and
        // packages folder, since it has the real package's id and version.
        string feed = Path.Combine(s.Dir, "feed-nolibgit2"), packages = Path.Combine(s.Dir, "packages-nolibgit2");
        Directory.CreateDirectory(feed);
        string nupkg = Path.Combine(feed, "ModuleSdk.1.0.0.nupkg");
        File.Copy(Path.Combine(SdkFeed.Feed, "ModuleSdk.1.0.0.nupkg"), nupkg);
        using (var zip = ZipFile.Open(nupkg, ZipArchiveMode.Update))
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("tasks/net10.0/runtimes/", StringComparison.Ordinal)).ToList())
                entry.Delete();
        string config = Path.Combine(s.App, "nuget.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace(SdkFeed.Feed, feed).Replace(SdkFeed.Packages, packages));
        var env = s.Environment;
        env.Remove("MODPROXY");
        env["MODREPOS"] = git.Rule;
        env["NUGET_PACKAGES"] = packages;

        string output = s.Expect(false, s.App, env, "restore");
        // At the first requirement direct mode reads (module.mod line 4: example.com/alpha), with
        // what is missing and the way out, not LibGit2Sharp's "type initializer threw".
        StringAssert.Contains(output, "module.mod(4,2): error MOD9010: ");
        StringAssert.Contains(output, $"libgit2 could not be loaded for {RuntimeInformation.RuntimeIdentifier}");
        StringAssert.Contains(output, "Use a module proxy on this machine (MODPROXY=https://...)");
        Assert.IsFalse(output.Contains("type initializer", StringComparison.Ordinal), output);
        Assert.IsFalse(File.Exists(s.SumFile), "nothing was resolved, so nothing is written");
    }
}
