using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The package set of one <c>dotnet pack -c Release -o &lt;feed&gt;</c> at the repository root
/// (<see cref="SdkFeed"/> packs exactly that, once per run): one <c>ModuleSdk</c> package, the
/// SDK, with Sdk/, the tasks and libgit2 for every platform LibGit2Sharp ships, and the analyzer;
/// no other project packs under that id (issue 8: the core library used to, and won half the time).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class PackageSetTests
{
    /// <summary>The RIDs LibGit2Sharp 0.32's native package (LibGit2Sharp.NativeBinaries 2.0.324) ships.</summary>
    private static readonly string[] LibGit2Rids =
    [
        "linux-arm", "linux-arm64", "linux-musl-arm", "linux-musl-arm64", "linux-musl-x64", "linux-ppc64le", "linux-x64",
        "osx-arm64", "osx-x64", "win-arm64", "win-x64", "win-x86",
    ];

    [TestMethod]
    public void RootPack_ProducesOnePackagePerId_TheSdkAmongThem()
    {
        var ids = Directory.GetFiles(SdkFeed.Feed, "*.nupkg").Select(f => (string)Nuspec(f).Element(Ns(f) + "id")!).ToList();
        // Every id once (a collision would leave one file for two projects), and the expected set.
        CollectionAssert.AllItemsAreUnique(ids);
        CollectionAssert.IsSubsetOf(new[] { "ModuleSdk", "ModuleSdk.Cli", "ModuleSdk.Cli.any", "ModuleSdk.Cli.linux-x64", "ModuleSdk.Templates" }, ids);
        CollectionAssert.DoesNotContain(ids, "ModuleSdk.Tasks");
        CollectionAssert.DoesNotContain(ids, "ModuleSdk.Analyzers");
    }

    [TestMethod]
    public void SdkPackage_HoldsSdkTasksNativesForEveryRidAndAnalyzer()
    {
        string nupkg = Path.Combine(SdkFeed.Feed, "ModuleSdk.1.0.0.nupkg");
        var nuspec = Nuspec(nupkg);
        var ns = Ns(nupkg);
        Assert.AreEqual("MSBuildSdk", (string?)nuspec.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name"));
        Assert.IsNull(nuspec.Element(ns + "dependencies"), "an SDK package has no dependencies");

        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in new[]
        {
            "Sdk/Sdk.props", "Sdk/Sdk.targets",
            "tasks/net10.0/ModuleSdk.Tasks.dll", "tasks/net10.0/ModuleSdk.Tasks.deps.json", "tasks/net10.0/ModuleSdk.dll",
            "tasks/net10.0/LibGit2Sharp.dll", "tasks/net10.0/NuGet.Versioning.dll",
            "analyzers/dotnet/cs/ModuleSdk.Analyzers.dll",
        })
            Assert.IsTrue(entries.Contains(file), $"{file} missing from the SDK package:\n{string.Join('\n', entries.Order())}");
        // MSBuild brings its own; a second copy would be loaded beside it.
        Assert.IsFalse(entries.Any(e => e.StartsWith("tasks/net10.0/Microsoft.Build", StringComparison.Ordinal)), string.Join('\n', entries));

        // libgit2 for every RID, and exactly what the task's .deps.json promises the load context.
        foreach (var rid in LibGit2Rids)
            Assert.IsTrue(entries.Any(e => e.StartsWith($"tasks/net10.0/runtimes/{rid}/native/", StringComparison.Ordinal)
                    && e.Contains("git2-", StringComparison.Ordinal)),
                $"no libgit2 for {rid} in the SDK package");
        using var deps = JsonDocument.Parse(zip.GetEntry("tasks/net10.0/ModuleSdk.Tasks.deps.json")!.Open());
        var natives = deps.RootElement.GetProperty("targets").EnumerateObject().Single().Value.EnumerateObject()
            .Where(lib => lib.Value.TryGetProperty("runtimeTargets", out _))
            .SelectMany(lib => lib.Value.GetProperty("runtimeTargets").EnumerateObject())
            .Where(t => t.Value.GetProperty("assetType").GetString() == "native")
            .Select(t => (Rid: t.Value.GetProperty("rid").GetString()!, File: "tasks/net10.0/" + t.Name))
            .ToList();
        // libgit2 (direct mode) for exactly its RIDs; libsodium (NSec's Ed25519, the checksum database
        // client in restore) for every one of them its package builds for (it has no linux-ppc64le).
        CollectionAssert.AreEquivalent(LibGit2Rids, natives.Where(n => n.File.Contains("git2-", StringComparison.Ordinal)).Select(n => n.Rid).ToList());
        var sodium = natives.Where(n => n.File.Contains("libsodium", StringComparison.Ordinal)).Select(n => n.Rid).ToHashSet();
        CollectionAssert.IsSubsetOf(LibGit2Rids.Where(r => r != "linux-ppc64le").ToList(), sodium.ToList(), "libsodium for every desktop RID");
        Assert.AreEqual(natives.Count,
            natives.Count(n => n.File.Contains("git2-", StringComparison.Ordinal) || n.File.Contains("libsodium", StringComparison.Ordinal)),
            "natives other than libgit2 and libsodium: " + string.Join(", ", natives.Select(n => n.File)));
        foreach (var (rid, file) in natives)
            Assert.IsTrue(entries.Contains(file), $".deps.json names {file} for {rid}, but the package lacks it");
    }

    /// <summary>
    /// The task and the core ship as ReadyToRun images for linux-x64 (issue 15 part 2: the task runs in the
    /// entry process of every <c>dotnet build</c>, so its JIT was paid per command) that keep their IL,
    /// so any other platform JITs them as before. The third-party assemblies stay as NuGet ships them.
    /// </summary>
    [TestMethod]
    public void SdkPackage_TaskAndCoreAreReadyToRunForLinuxX64_WithTheirIL()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(SdkFeed.Feed, "ModuleSdk.1.0.0.nupkg"));
        foreach (var name in new[] { "ModuleSdk.Tasks.dll", "ModuleSdk.dll" })
        {
            using var pe = new PEReader(Entry(zip, "tasks/net10.0/" + name));
            Assert.IsTrue(IsReadyToRun(pe), $"{name} in the SDK package is not a ReadyToRun image");
            // crossgen2 marks the target OS in the machine field: AMD64 xor'd with Linux's 0x7B79.
            Assert.AreEqual((Machine)(0x8664 ^ 0x7B79), pe.PEHeaders.CoffHeader.Machine, $"{name}: not compiled for linux-x64");
            // The IL stays (ILLibrary, method bodies present): on another RID the runtime ignores the native code and JITs.
            Assert.IsTrue(pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.ILLibrary), $"{name}: not an IL library image");
            var md = pe.GetMetadataReader();
            Assert.IsTrue(md.MethodDefinitions.Any(h => md.GetMethodDefinition(h).RelativeVirtualAddress != 0), $"{name}: no IL method bodies");
        }
        foreach (var name in new[] { "LibGit2Sharp.dll", "NuGet.Versioning.dll" })
        {
            using var pe = new PEReader(Entry(zip, "tasks/net10.0/" + name));
            Assert.IsFalse(IsReadyToRun(pe), $"{name} was expected as NuGet ships it (IL only)");
        }

        static MemoryStream Entry(ZipArchive zip, string path)
        {
            var ms = new MemoryStream();
            using (var s = zip.GetEntry(path)!.Open()) s.CopyTo(ms);
            ms.Position = 0;
            return ms;
        }

        // A ReadyToRun image has a managed native header whose first four bytes are "RTR" (0x00525452).
        static bool IsReadyToRun(PEReader pe)
        {
            var dir = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
            if (dir.Size == 0) return false;
            var block = pe.GetSectionData(dir.RelativeVirtualAddress);
            return block.Length >= 4 && block.GetReader().ReadUInt32() == 0x00525452;
        }
    }

    private static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var doc = XDocument.Load(stream);
        return doc.Root!.Element(doc.Root.Name.Namespace + "metadata")!;
    }

    private static XNamespace Ns(string nupkg) => Nuspec(nupkg).Name.Namespace;
}
