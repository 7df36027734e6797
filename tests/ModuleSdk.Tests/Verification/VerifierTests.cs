using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.Cache;
using ModuleSdk.Verification;

namespace ModuleSdk.Tests.Verification;

[TestClass]
public sealed class VerifierTests
{
    private static async Task<(CacheTestEnv Env, ModuleId M, string Dir)> Downloaded()
    {
        var env = new CacheTestEnv();
        var m = env.Source.Add("example.com/lib", "v1.2.0", ("a.cs", "class A {}"), ("sub/b.cs", "class B {}"));
        var dir = await env.Fetcher.DownloadAsync(m);
        return (env, m, dir);
    }

    private static void Overwrite(string file, string content)
    {
        CacheTestEnv.MakeWritable(file);
        File.WriteAllText(file, content);
    }

    [TestMethod]
    public async Task Verify_UntouchedCache_AllModulesVerified()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        var result = new Verifier(env.Cache).Verify([new ModuleId("example.com/main", ""), m, new ModuleId("example.com/never", "v1.0.0")], env.Sums.Lookup);
        Assert.IsTrue(result.AllVerified);
        CollectionAssert.AreEqual(new[] { "all modules verified" }, result.Lines.ToArray());
        Assert.IsFalse(result.Modules[0].Checked, "the main module has nothing in the cache");
        Assert.IsTrue(result.Modules[1].Checked);
        Assert.IsFalse(result.Modules[2].Checked, "neither downloaded nor extracted: skipped");
    }

    [TestMethod]
    public async Task Verify_FileChangedInDir_DirHasBeenModified()
    {
        var (env, m, dir) = await Downloaded();
        using var _ = env;
        Overwrite(Path.Combine(dir, "sub", "b.cs"), "class B { evil }");
        var result = new Verifier(env.Cache).Verify([m]);
        var p = result.Problems.Single();
        Assert.AreEqual(VerifyProblemKind.DirModified, p.Kind);
        Assert.AreEqual(DiagnosticCodes.VerifyDirModified, p.Code);
        Assert.AreEqual($"example.com/lib v1.2.0: dir has been modified ({dir})", p.Message);
        CollectionAssert.AreEqual(new[] { p.Message }, result.Lines.ToArray());
    }

    [TestMethod]
    public async Task Verify_FileAddedInDir_DirHasBeenModified()
    {
        var (env, m, dir) = await Downloaded();
        using var _ = env;
        CacheTestEnv.MakeWritable(dir);
        File.WriteAllText(Path.Combine(dir, "extra.cs"), "");
        Assert.AreEqual(VerifyProblemKind.DirModified, new Verifier(env.Cache).Verify([m]).Problems.Single().Kind);
    }

    [TestMethod]
    public async Task Verify_ZipChanged_ZipHasBeenModified()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        File.WriteAllBytes(env.Cache.ZipFile(m), MemorySource.MakeZip(m, [("module.mod", "module example.com/lib\n"), ("a.cs", "evil")]));
        var p = new Verifier(env.Cache).Verify([m]).Problems.Single();
        Assert.AreEqual(VerifyProblemKind.ZipModified, p.Kind);
        Assert.AreEqual($"example.com/lib v1.2.0: zip has been modified ({env.Cache.ZipFile(m)})", p.Message);
    }

    [TestMethod]
    public async Task Verify_ZipNotAZip_ReportedUnreadable()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        File.WriteAllText(env.Cache.ZipFile(m), "not a zip");
        var p = new Verifier(env.Cache).Verify([m]).Problems.Single();
        Assert.AreEqual(VerifyProblemKind.Unreadable, p.Kind);
        StringAssert.StartsWith(p.Message, "example.com/lib v1.2.0: ");
    }

    [TestMethod]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public async Task Verify_ZipHashMissing_MissingZipHash(bool keepZip, bool keepDir)
    {
        var (env, m, dir) = await Downloaded();
        using var _ = env;
        File.Delete(env.Cache.ZipHashFile(m));
        if (!keepZip) File.Delete(env.Cache.ZipFile(m));
        if (!keepDir)
        {
            foreach (var d in Directory.GetDirectories(dir, "*", SearchOption.AllDirectories).Append(dir)) CacheTestEnv.MakeWritable(d);
            Directory.Delete(dir, true);
        }
        var p = new Verifier(env.Cache).Verify([m]).Problems.Single();
        Assert.AreEqual(VerifyProblemKind.MissingZipHash, p.Kind);
        Assert.AreEqual($"example.com/lib v1.2.0: missing ziphash ({env.Cache.ZipHashFile(m)})", p.Message);
    }

    [TestMethod]
    public async Task Verify_ZipHashGarbage_ZipAndDirReportedModifiedAsGoDoes()
    {
        var (env, m, dir) = await Downloaded();
        using var _ = env;
        File.WriteAllText(env.Cache.ZipHashFile(m), "garbage\n");
        var lines = new Verifier(env.Cache).Verify([m]).Lines;
        CollectionAssert.AreEqual(new[]
        {
            $"example.com/lib v1.2.0: zip has been modified ({env.Cache.ZipFile(m)})",
            $"example.com/lib v1.2.0: dir has been modified ({dir})",
        }, lines.ToArray());
    }

    [TestMethod]
    public async Task Verify_ZipGoneDirIntact_Verified()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        File.Delete(env.Cache.ZipFile(m));
        Assert.IsTrue(new Verifier(env.Cache).Verify([m]).AllVerified);
    }

    [TestMethod]
    public async Task Verify_PartialDir_NotHashed()
    {
        var (env, m, dir) = await Downloaded();
        using var _ = env;
        Overwrite(Path.Combine(dir, "a.cs"), "half written");
        File.WriteAllText(env.Cache.PartialFile(m), "");
        Assert.IsTrue(new Verifier(env.Cache).Verify([m]).AllVerified, "a partial directory is never used, so it is not judged");
    }

    [TestMethod]
    public async Task Verify_ZipHashDisagreesWithSumFile_SumMismatch()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        var recorded = env.Cache.ReadZipHash(m)!;
        env.Sums.Set(m.Path, m.Version, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var p = new Verifier(env.Cache).Verify([m], env.Sums.Lookup).Problems.Single();
        Assert.AreEqual(VerifyProblemKind.SumMismatch, p.Kind);
        Assert.AreEqual($"example.com/lib v1.2.0: ziphash {recorded} does not match module.sum h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", p.Message);
        Assert.IsTrue(new Verifier(env.Cache).Verify([m]).AllVerified, "without sums only the cache itself is checked");
    }

    [TestMethod]
    public async Task Verify_CachedModDisagreesWithSumFile_ModModified()
    {
        var (env, m, _) = await Downloaded();
        using var _ = env;
        await env.Fetcher.GetModAsync(m);
        File.WriteAllText(env.Cache.ModFile(m), "module example.com/lib\nrequire evil.com/x v1.0.0\n");
        var p = new Verifier(env.Cache).Verify([m], env.Sums.Lookup).Problems.Single();
        Assert.AreEqual(VerifyProblemKind.ModModified, p.Kind);
        Assert.AreEqual($"example.com/lib v1.2.0: module.mod has been modified ({env.Cache.ModFile(m)})", p.Message);
    }

    [TestMethod]
    public async Task Verify_ManyModules_ProblemsInBuildListOrder()
    {
        using var env = new CacheTestEnv();
        var mods = new List<ModuleId>();
        for (int i = 0; i < 24; i++)
        {
            var m = env.Source.Add($"example.com/m{i:D2}", "v1.0.0", ("a.cs", new string('a', 1000 * i)));
            await env.Fetcher.DownloadAsync(m);
            mods.Add(m);
        }
        // Reverse order so that sorting cannot accidentally produce the expected order.
        mods.Reverse();
        var tampered = mods.Where((_, i) => i % 3 == 0).ToList();
        foreach (var m in tampered) Overwrite(Path.Combine(env.Cache.ModuleDirectory(m), "a.cs"), "changed");
        var result = new Verifier(env.Cache).Verify(mods);
        CollectionAssert.AreEqual(tampered.Select(m => m.Path).ToArray(), result.Problems.Select(p => p.Module.Path).ToArray());
        CollectionAssert.AreEqual(mods.ToArray(), result.Modules.Select(r => r.Module).ToArray());
    }

    [TestMethod]
    public async Task Verify_WithPrefetch_SameResultsAsWithout()
    {
        // Prefetched candidates: some in the build list, one not (its problem must not be
        // reported), an invalid version; and build-list modules nobody prefetched.
        using var env = new CacheTestEnv();
        var mods = new List<ModuleId>();
        for (int i = 0; i < 12; i++)
        {
            var m = env.Source.Add($"example.com/p{i:D2}", "v1.0.0", ("a.cs", new string('p', 100 * i)));
            await env.Fetcher.DownloadAsync(m);
            await env.Fetcher.GetModAsync(m);
            mods.Add(m);
        }
        foreach (var m in mods.Where((_, i) => i % 4 == 1)) Overwrite(Path.Combine(env.Cache.ModuleDirectory(m), "a.cs"), "changed");
        File.WriteAllText(env.Cache.ModFile(mods[2]), "module example.com/p02\nrequire evil.com/x v1.0.0\n");
        var buildList = mods.Take(10).Append(new ModuleId("example.com/never", "v1.0.0")).ToList();
        var candidates = mods.Skip(3).Append(new ModuleId("example.com/bad", "v1.2")).ToList(); // p00-p02 not prefetched; p10, p11 not in the build list

        var verifier = new Verifier(env.Cache);
        var expected = verifier.Verify(buildList, env.Sums.Lookup);
        using var prefetch = verifier.Prefetch(candidates);
        var sums = new SumFile();
        foreach (var m in mods)
            foreach (var v in new[] { m.Version, m.Version + SumFile.ModSuffix })
                foreach (var h in env.Sums.Lookup(m.Path, v)) sums.Add(m.Path, v, h);
        var actual = verifier.Verify(buildList, sums, prefetch);

        CollectionAssert.AreEqual(expected.Lines.ToArray(), actual.Lines.ToArray());
        CollectionAssert.AreEqual(buildList.ToArray(), actual.Modules.Select(r => r.Module).ToArray());
        Assert.AreEqual(4, actual.Problems.Count, "p01, p05, p09 dirs and p02's module file");
        Assert.IsTrue(actual.Problems.Any(p => p.Kind == VerifyProblemKind.ModModified && p.Module == mods[2]));
    }

    [TestMethod]
    public void Verify_InvalidVersionInBuildList_ReportedNotThrown()
    {
        using var env = new CacheTestEnv();
        var result = new Verifier(env.Cache).Verify([new ModuleId("example.com/lib", "v1.2")]);
        var p = result.Problems.Single();
        Assert.AreEqual(VerifyProblemKind.Unreadable, p.Kind);
        StringAssert.StartsWith(p.Message, "example.com/lib v1.2: ");
    }
}
