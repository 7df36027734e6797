using ModuleSdk.BuildCache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.BuildCache;

/// <summary>
/// The lookup and store workflows (<see cref="BuildCacheLookup"/>, <see cref="BuildCacheStore"/>) on real
/// module copies and a real cache: miss then store then hit, uncacheable, a corrupt entry, the cache off.
/// </summary>
[TestClass]
public sealed class BuildCacheWorkflowTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    // A module copy with one source and, when compiled, its outputs in obj/.
    private sealed record Copy(string Root, string Project, string Source, Dictionary<string, string> Outputs, string InputsFile);

    private static Copy MakeCopy(TempDir dir, string consumer, string source = "class C {}", bool compiled = true)
    {
        string root = dir.Combine(consumer, "copy");
        Directory.CreateDirectory(Path.Combine(root, "obj"));
        File.WriteAllText(Path.Combine(root, "Lib.cs"), source);
        var outputs = new Dictionary<string, string>
        {
            ["assembly"] = Path.Combine(root, "obj", "Lib.dll"),
            ["pdb"] = Path.Combine(root, "obj", "Lib.pdb"),
        };
        if (compiled)
            foreach (var (role, path) in outputs) File.WriteAllText(path, "compiled " + role + " of " + source);
        return new Copy(root, Path.Combine(root, "Lib.csproj"), Path.Combine(root, "Lib.cs"), outputs, Path.Combine(root, "obj", "inputs.txt"));
    }

    private static BuildCacheLookupResult LookUp(Copy copy, string? cache, string? refusal = null, string? moduleCache = null) =>
        BuildCacheLookup.Run(copy.Root, copy.Project, cache, moduleCache ?? "/unused-modcache",
            [KeyValuePair.Create("DefineConstants", "DEBUG")],
            [new CompileFile("Sources", copy.Source, CompileFileKind.Text, [KeyValuePair.Create("LogicalName", "")])],
            refusal, copy.Outputs, copy.InputsFile, Now);

    [TestMethod]
    public void MissStoreThenHit_CopiesTheOutputsAndSaysSo()
    {
        using var dir = new TempDir("bcflow");
        string cache = dir.Combine("build-cache");
        var first = MakeCopy(dir, "app1");
        var miss = LookUp(first, cache);
        Assert.AreEqual(BuildCacheOutcome.Miss, miss.Outcome);
        Assert.AreEqual(Path.GetFullPath(cache), miss.CacheRoot);
        Assert.AreEqual(64, miss.Key.Length);
        Assert.AreEqual($"build cache miss for {first.Project}: key {miss.Key} (its inputs: {first.InputsFile})", miss.Notes.Single().Text);
        StringAssert.Contains(File.ReadAllText(first.InputsFile), "value DefineConstants DEBUG\n");

        var store = BuildCacheStore.Run(miss.CacheRoot, miss.Key, first.InputsFile, first.Outputs, null, Now);
        Assert.IsTrue(store.Stored);
        Assert.IsTrue(store.Trimmed, "the first store in a new cache finds a trim due");
        var entry = new CompileCache(cache).EntryDirectory(miss.Key);
        CollectionAssert.AreEqual(new[] { "stored in the build cache: " + entry, "trimmed the build cache " + miss.CacheRoot },
            store.Notes.Select(n => n.Text).ToArray());
        Assert.IsTrue(store.Notes.All(n => n.Kind == WorkflowNoteKind.Message));
        Assert.AreEqual("already in the build cache: " + entry,
            BuildCacheStore.Run(miss.CacheRoot, miss.Key, first.InputsFile, first.Outputs, "100", Now).Notes[0].Text);

        var second = MakeCopy(dir, "app2", compiled: false);
        var hit = LookUp(second, cache);
        Assert.AreEqual(BuildCacheOutcome.Hit, hit.Outcome);
        Assert.IsTrue(hit.Hit);
        Assert.AreEqual(miss.Key, hit.Key, "paths under the copy's root enter the key relative to it");
        Assert.AreEqual($"build cache hit for {second.Project}: outputs copied from {entry}", hit.Notes.Single().Text);
        foreach (var (role, path) in second.Outputs) Assert.AreEqual("compiled " + role + " of class C {}", File.ReadAllText(path));

        var changed = MakeCopy(dir, "app3", source: "class C { }", compiled: false);
        Assert.AreEqual(BuildCacheOutcome.Miss, LookUp(changed, cache).Outcome, "another source byte is another key");
    }

    [TestMethod]
    public void Uncacheable_RefusalOrMissingInput_NoKeyNoInputsFile()
    {
        using var dir = new TempDir("bcflow");
        var copy = MakeCopy(dir, "app");
        var refused = LookUp(copy, dir.Combine("cache"), refusal: "Deterministic is not true");
        Assert.AreEqual(BuildCacheOutcome.Uncacheable, refused.Outcome);
        Assert.AreEqual(("", ""), (refused.CacheRoot, refused.Key));
        Assert.AreEqual($"build cache not used for {copy.Project}: Deterministic is not true", refused.Notes.Single().Text);
        Assert.AreEqual(WorkflowNoteKind.Message, refused.Notes.Single().Kind);
        File.Delete(copy.Source);
        var missing = LookUp(copy, dir.Combine("cache"));
        Assert.AreEqual(BuildCacheOutcome.Uncacheable, missing.Outcome);
        StringAssert.Contains(missing.Notes.Single().Text, "Sources input ");
        Assert.IsFalse(File.Exists(copy.InputsFile));
    }

    [TestMethod]
    public void CorruptEntry_IsWarningMOD9204_MissKeepsTheKeyAndNothingReachesObj()
    {
        using var dir = new TempDir("bcflow");
        string cache = dir.Combine("build-cache");
        var first = MakeCopy(dir, "app1");
        var miss = LookUp(first, cache);
        BuildCacheStore.Run(miss.CacheRoot, miss.Key, first.InputsFile, first.Outputs, null, Now);
        File.WriteAllText(Path.Combine(new CompileCache(cache).EntryDirectory(miss.Key), "assembly"), "tampered");
        var second = MakeCopy(dir, "app2", compiled: false);
        var lookup = LookUp(second, cache);
        Assert.AreEqual(BuildCacheOutcome.Miss, lookup.Outcome, "the module is compiled");
        Assert.AreEqual(miss.Key, lookup.Key, "and stored afresh under the same key");
        var warning = lookup.Notes.Single();
        Assert.AreEqual((WorkflowNoteKind.Warning, DiagnosticCodes.BuildCacheEntryCorrupt, second.InputsFile), (warning.Kind, warning.Code, warning.File));
        StringAssert.EndsWith(warning.Text, "; compiling instead");
        Assert.IsFalse(File.Exists(second.Outputs["assembly"]), "nothing unchecked reaches obj/");
    }

    [TestMethod]
    public void Off_NothingComputedOrWritten()
    {
        using var dir = new TempDir("bcflow");
        var copy = MakeCopy(dir, "app");
        var off = LookUp(copy, " OFF ");
        Assert.AreEqual(BuildCacheOutcome.Off, off.Outcome);
        Assert.AreEqual(("", "", 0), (off.CacheRoot, off.Key, off.Notes.Count));
        Assert.IsFalse(File.Exists(copy.InputsFile));
    }

    [TestMethod]
    public void DefaultLocation_IsBesideTheModuleCache()
    {
        using var dir = new TempDir("bcflow");
        var result = LookUp(MakeCopy(dir, "app"), "", moduleCache: dir.Combine("modcache"));
        Assert.AreEqual(dir.Combine("modcache") + "-build", result.CacheRoot);
    }

    [TestMethod]
    public void BadSettings_AreModuleExceptionsWithTheirCodes()
    {
        using var dir = new TempDir("bcflow");
        var copy = MakeCopy(dir, "app");
        Assert.AreEqual(DiagnosticCodes.BuildCacheLocationInvalid, Assert.ThrowsExactly<ModuleException>(() => LookUp(copy, "relative/cache")).Code);
        var miss = LookUp(copy, dir.Combine("cache"));
        Assert.AreEqual(DiagnosticCodes.BuildCacheSizeInvalid, Assert.ThrowsExactly<ModuleException>(
            () => BuildCacheStore.Run(miss.CacheRoot, miss.Key, copy.InputsFile, copy.Outputs, "-1", Now)).Code);
    }

    [TestMethod]
    public void StoreWithoutTheInputsFile_IsWarningMOD9201()
    {
        using var dir = new TempDir("bcflow");
        var copy = MakeCopy(dir, "app");
        var miss = LookUp(copy, dir.Combine("cache"));
        File.Delete(copy.InputsFile);
        var store = BuildCacheStore.Run(miss.CacheRoot, miss.Key, copy.InputsFile, copy.Outputs, null, Now);
        Assert.IsFalse(store.Stored);
        var warning = store.Notes.Single();
        Assert.AreEqual((WorkflowNoteKind.Warning, DiagnosticCodes.BuildCacheStoreFailed, miss.CacheRoot), (warning.Kind, warning.Code, warning.File));
        StringAssert.StartsWith(warning.Text, "could not store the compiled module in the build cache (");
    }
}
