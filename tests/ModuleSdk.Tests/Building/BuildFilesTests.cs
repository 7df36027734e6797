using ModuleSdk.BuildInfo;
using ModuleSdk.Building;
using ModuleSdk.Configuration;
using ModuleSdk.Tests.Resolution;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Vendoring;
using ModuleSdk.Projects;

namespace ModuleSdk.Tests.Building;

/// <summary>
/// What restore writes for a build (<see cref="BuildFiles"/>): the module-copy layout, the
/// references and the build information of replaced modules; and its no-op stamp (<see cref="RestoreStamp"/>).
/// </summary>
[TestClass]
public sealed class BuildFilesTests
{
    [TestMethod]
    public async Task Write_CopiesByEscapedPathAndVersion_ReplacementsByTheirs_DirectoriesAtDir()
    {
        using var f = new LoaderFixture().WithWalkthrough();
        f.Proxy.Add("example.com/fork", "v1.5.0", ["example.com/d v1.4.2"], modulePath: "example.com/b");
        f.Proxy.Add("example.com/Upper", "v1.0.0");
        Directory.CreateDirectory(Path.Combine(f.MainDir, "local", "c"));
        File.WriteAllText(Path.Combine(f.MainDir, "local", "c", "module.mod"), "module example.com/c\n");
        f.WriteMain("module example.com/app\n\nrequire (\n\texample.com/Upper v1.0.0\n\texample.com/b v1.2.0\n\texample.com/c v1.0.0\n)\n\n" +
            "replace example.com/b v1.2.0 => example.com/fork v1.5.0\n\nreplace example.com/c => ./local/c\n");
        var build = await BuildResolver.ResolveAsync(f.Loader());
        string obj = Path.Combine(f.MainDir, "obj");
        var files = new BuildFiles(obj);

        files.Write(build, "App");

        var copies = Directory.EnumerateDirectories(Path.Combine(obj, BuildFiles.ModulesFolder, "example.com")).Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);
        Assert.AreEqual("!upper@v1.0.0,c@dir,d@v1.4.2,fork@v1.5.0", string.Join(",", copies));
        Assert.IsTrue(File.Exists(Path.Combine(obj, BuildFiles.ModulesFolder, "example.com", "fork@v1.5.0", BuildFiles.DependencyPropsPath)));
        Assert.AreEqual(Path.Combine(obj, BuildFiles.StateFolder), files.StateDirectory);
        Assert.IsTrue(File.Exists(Path.Combine(files.StateDirectory, ModuleProjectMap.FileName)));
        Assert.IsTrue(files.ModulesWithoutProject.Contains("example.com/b"), "the modules have no project at their root");

        var props = System.Xml.Linq.XDocument.Load(Path.Combine(files.StateDirectory, BuildFiles.MainPropsName));
        // MSBuild-escaped in the props (tabs and newlines as %09 and %0A), as MSBuild unescapes it.
        var info = ModuleBuildInfo.Parse(Uri.UnescapeDataString(props.Descendants("ModuleSdkBuildInfo").Single().Value));
        Assert.AreEqual("example.com/app", info.Main.Path);
        Assert.AreEqual(ModuleBuildInfo.DevelVersion, info.Main.Version);
        var b = info.Deps.Single(d => d.Path == "example.com/b");
        Assert.AreEqual("v1.2.0", b.Version);
        Assert.AreEqual("", b.Sum, "a replaced module's sum is on its replacement");
        Assert.AreEqual("example.com/fork", b.Replace!.Path);
        StringAssert.StartsWith(b.Replace.Sum, "h1:");
        Assert.AreEqual(ModuleBuildInfo.DevelVersion, info.Deps.Single(d => d.Path == "example.com/c").Replace!.Version, "a directory replacement is (devel)");
        StringAssert.StartsWith(info.Deps.Single(d => d.Path == "example.com/d").Sum, "h1:");
        Assert.AreEqual(0, props.Descendants("Version").Count(), "the main module is (devel): the SDK's default version stays");

        // A copy's assemblies carry the module's version in the ordinary attributes; a replaced
        // module's code is its replacement's, so the replacement's version; a directory has none.
        string Property(string copy, string name) =>
            System.Xml.Linq.XDocument.Load(Path.Combine(obj, BuildFiles.ModulesFolder, "example.com", copy, BuildFiles.DependencyPropsPath))
            .Descendants(name).SingleOrDefault()?.Value ?? "";
        Assert.AreEqual("1.4.2", Property("d@v1.4.2", "Version"));
        Assert.AreEqual("1.4.2.0", Property("d@v1.4.2", "FileVersion"));
        Assert.AreEqual("v1.4.2%20" + info.Deps.Single(d => d.Path == "example.com/d").Sum, Property("d@v1.4.2", "InformationalVersion").Replace(" ", "%20"));
        Assert.AreEqual("false", Property("d@v1.4.2", "IncludeSourceRevisionInInformationalVersion"));
        Assert.AreEqual("1.5.0", Property("fork@v1.5.0", "Version"));
        Assert.AreEqual("", Property("c@dir", "Version"));
    }

    [TestMethod]
    public void Write_RemovesTheCopiesOfVersionsNoLongerSelected()
    {
        using var dir = new TempDir("buildfiles");
        string stale = Path.Combine(dir.Path, "obj", BuildFiles.ModulesFolder, "example.com", "a@v0.9.0");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(dir.Path, "module.mod"), "module example.com/app\n");
        var main = ModuleSdk.Resolution.MainModule.Load(dir.Path);
        var files = new BuildFiles(Path.Combine(dir.Path, "obj"));
        files.Write(new ResolvedBuild(main, [], [], false), "App");
        Assert.IsFalse(Directory.Exists(stale));
        Assert.AreEqual(1, files.RemovedCopies.Count);
    }

    [TestMethod]
    public void RestoreStamp_ChangesWithItsInputs_AndRoundTrips()
    {
        using var dir = new TempDir("stamp");
        File.WriteAllText(Path.Combine(dir.Path, "module.mod"), "module example.com/app\n");
        var settings = new ModuleSettings { Proxy = "off", CacheRoot = dir.Combine("cache") };
        string stamp = RestoreStamp.Compute(dir.Path, settings);
        Assert.AreEqual(stamp, RestoreStamp.Compute(dir.Path, settings), "deterministic");
        Assert.AreEqual(stamp, RestoreStamp.Compute(dir.Path, settings, ModuleModes.StampKey(ModuleMode.Mod, dir.Path)), "mod mode adds nothing");
        Assert.AreNotEqual(stamp, RestoreStamp.Compute(dir.Path, settings with { LockedMode = true }), "settings");
        Assert.AreNotEqual(stamp, RestoreStamp.Compute(dir.Path, settings, moduleReferences: ["example.com/a/lib"]), "ModuleReference items");

        Directory.CreateDirectory(Path.Combine(dir.Path, "vendor"));
        File.WriteAllText(VendorManifest.PathIn(dir.Path), "# example.com/a v1.0.0\n");
        string vendored = RestoreStamp.Compute(dir.Path, settings, ModuleModes.StampKey(ModuleMode.Vendor, dir.Path));
        Assert.AreNotEqual(stamp, vendored);
        File.WriteAllText(VendorManifest.PathIn(dir.Path), "# example.com/a v1.1.0\n");
        Assert.AreNotEqual(vendored, RestoreStamp.Compute(dir.Path, settings, ModuleModes.StampKey(ModuleMode.Vendor, dir.Path)),
            "re-vendoring restores again");

        File.WriteAllText(Path.Combine(dir.Path, "module.sum"), "example.com/a v1.0.0/module.mod h1:x=\n");
        Assert.AreNotEqual(stamp, RestoreStamp.Compute(dir.Path, settings), "module.sum");

        string state = dir.Combine("obj", "modulesdk");
        Assert.AreEqual((null, null), RestoreStamp.Read(state));
        Directory.CreateDirectory(state);
        RestoreStamp.Write(state, stamp, "example.com/app");
        Assert.AreEqual((stamp, "example.com/app"), RestoreStamp.Read(state));
    }
}
