using System.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// LookUpBuildCache and StoreInBuildCache against a recording engine: the wiring from items to
/// the core's key and store, and that a cache problem is a warning (the module is compiled), never a failed build.
/// </summary>
[TestClass]
public sealed class BuildCacheTaskTests
{
    // A module copy of one consumer with its compiled outputs in obj/.
    private sealed record Copy(string Root, ITaskItem[] Files, ITaskItem[] Outputs);

    private static Copy MakeCopy(TempDir dir, string consumer, string source = "class C {}", bool compiled = true)
    {
        string root = dir.Combine(consumer, "obj", "modules", "example.com", "lib@v1.0.0");
        Directory.CreateDirectory(Path.Combine(root, "obj"));
        File.WriteAllText(Path.Combine(root, "Lib.cs"), source);
        var files = new ITaskItem[] { new TaskItem(Path.Combine(root, "Lib.cs"), new Dictionary<string, string> { ["Option"] = "Sources" }) };
        var outputs = new ITaskItem[]
        {
            new TaskItem(Path.Combine(root, "obj", "Lib.dll"), new Dictionary<string, string> { ["Role"] = "assembly" }),
            new TaskItem(Path.Combine(root, "obj", "Lib.pdb"), new Dictionary<string, string> { ["Role"] = "pdb" }),
        };
        if (compiled)
            foreach (var o in outputs) File.WriteAllText(o.ItemSpec, "compiled " + o.GetMetadata("Role") + " of " + source);
        return new Copy(root, files, outputs);
    }

    private static (LookUpBuildCache Task, RecordingBuildEngine Engine, bool Ok) LookUp(Copy copy, string? cache, string? refusal = null)
    {
        var engine = new RecordingBuildEngine();
        var task = new LookUpBuildCache
        {
            BuildEngine = engine, CopyRoot = copy.Root, ProjectFile = Path.Combine(copy.Root, "Lib.csproj"), BuildCache = cache,
            ModuleCache = Path.Combine(Path.GetTempPath(), "unused-modcache"),
            Values = [new TaskItem("DefineConstants", new Dictionary<string, string> { ["Value"] = "DEBUG" })],
            Files = copy.Files, Outputs = copy.Outputs, Refusal = refusal,
            InputsFile = Path.Combine(copy.Root, "obj", "modulesdk-buildcache-inputs.txt"),
        };
        return (task, engine, task.Execute());
    }

    private static (RecordingBuildEngine Engine, bool Ok) Store(Copy copy, LookUpBuildCache lookup)
    {
        var engine = new RecordingBuildEngine();
        var task = new StoreInBuildCache { BuildEngine = engine, CacheRoot = lookup.CacheRoot, Key = lookup.Key, InputsFile = lookup.InputsFile,
            Outputs = copy.Outputs };
        return (engine, task.Execute());
    }

    [TestMethod]
    public void MissStoreThenHitInAnotherConsumer_CopiesTheOutputs()
    {
        using var dir = new TempDir("bctask");
        string cache = dir.Combine("build-cache");
        var first = MakeCopy(dir, "app1");
        var (miss, missEngine, ok) = LookUp(first, cache);
        Assert.IsTrue(ok, missEngine.ErrorText);
        Assert.IsFalse(miss.Hit);
        Assert.AreEqual(64, miss.Key.Length);
        StringAssert.Contains(missEngine.Output(), "build cache miss for " + Path.Combine(first.Root, "Lib.csproj"));
        StringAssert.Contains(File.ReadAllText(miss.InputsFile), "value DefineConstants DEBUG\n");
        var (storeEngine, stored) = Store(first, miss);
        Assert.IsTrue(stored, storeEngine.ErrorText);
        Assert.IsEmpty(storeEngine.Warnings);

        var second = MakeCopy(dir, "app2", compiled: false);
        var (hit, hitEngine, ok2) = LookUp(second, cache);
        Assert.IsTrue(ok2, hitEngine.ErrorText);
        Assert.IsTrue(hit.Hit, hitEngine.Output());
        Assert.AreEqual(miss.Key, hit.Key);
        foreach (var o in second.Outputs)
            Assert.AreEqual("compiled " + o.GetMetadata("Role") + " of class C {}", File.ReadAllText(o.ItemSpec));

        var changed = MakeCopy(dir, "app3", source: "class C { }", compiled: false);
        Assert.IsFalse(LookUp(changed, cache).Task.Hit, "another source byte is another key");
    }

    [TestMethod]
    public void OffOrRefused_NoKey_NothingStored()
    {
        using var dir = new TempDir("bctask");
        var copy = MakeCopy(dir, "app");
        var (off, _, ok) = LookUp(copy, "off");
        Assert.IsTrue(ok);
        Assert.AreEqual("", off.Key);
        var (refused, engine, ok2) = LookUp(copy, dir.Combine("cache"), refusal: "Deterministic is not true");
        Assert.IsTrue(ok2);
        Assert.AreEqual("", refused.Key);
        StringAssert.Contains(engine.Output(), "build cache not used for " + Path.Combine(copy.Root, "Lib.csproj") + ": Deterministic is not true");
    }

    [TestMethod]
    public void RelativeLocation_IsErrorMOD9203()
    {
        using var dir = new TempDir("bctask");
        var (_, engine, ok) = LookUp(MakeCopy(dir, "app"), "relative/cache");
        Assert.IsFalse(ok);
        Assert.AreEqual("MOD9203", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void CorruptEntry_IsWarningMOD9204_AndTheModuleIsCompiled()
    {
        using var dir = new TempDir("bctask");
        string cache = dir.Combine("build-cache");
        var first = MakeCopy(dir, "app1");
        var (miss, _, _) = LookUp(first, cache);
        Store(first, miss);
        File.WriteAllText(Path.Combine(cache, miss.Key[..2], miss.Key, "assembly"), "tampered");
        var second = MakeCopy(dir, "app2", compiled: false);
        var (lookup, engine, ok) = LookUp(second, cache);
        Assert.IsTrue(ok, engine.ErrorText);
        Assert.IsFalse(lookup.Hit);
        Assert.AreEqual("MOD9204", engine.Warnings.Single().Code);
        Assert.IsFalse(File.Exists(second.Outputs[0].ItemSpec), "nothing unchecked reaches obj/");
        Assert.AreEqual(miss.Key, lookup.Key, "the compilation goes on and stores afresh");
    }

    [TestMethod]
    public void FullDisk_StoreIsWarningMOD9201_TheBuildGoesOn()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") Assert.Inconclusive("needs root on Linux to mount a small tmpfs");
        using var dir = new TempDir("bctask");
        string mount = dir.Combine("disk");
        Directory.CreateDirectory(mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount) != 0) Assert.Inconclusive("cannot mount a tmpfs here");
        try
        {
            var copy = MakeCopy(dir, "app");
            File.WriteAllBytes(copy.Outputs[0].ItemSpec, new byte[256 * 1024]);
            var (lookup, _, _) = LookUp(copy, Path.Combine(mount, "cache"));
            var (engine, ok) = Store(copy, lookup);
            Assert.IsTrue(ok, engine.ErrorText);
            Assert.AreEqual("MOD9201", engine.Warnings.Single().Code);
            Assert.IsFalse(LookUp(MakeCopy(dir, "app2", compiled: false), Path.Combine(mount, "cache")).Task.Hit);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static int Run(string file, params string[] args) => ProcessRunner.Run(file, args).ExitCode;
}
