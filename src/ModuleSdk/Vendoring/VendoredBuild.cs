using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Vendoring;

/// <summary>
/// The restore of a build in vendor mode (Go's <c>-mod=vendor</c>): <c>vendor/modules.txt</c>,
/// checked against <c>module.mod</c>, is the build list, so no MVS runs and neither the proxy
/// nor the module cache is touched. Each module is built from <c>vendor/&lt;path&gt;/</c> against
/// the modules its vendored <c>module.mod</c> requires. Hashes are not known (vendor/ holds
/// trees, not zips): as Go's build information in vendor mode, the stamped modules have no
/// <c>h1:</c>, and <c>module.sum</c> is not read.
/// </summary>
public static class VendoredBuild
{
    /// <summary>Loads the vendored build of <paramref name="main"/>; throws MOD5202, MOD5201 or MOD5203 when vendor/ cannot serve it.</summary>
    public static ResolvedBuild Load(MainModule main)
    {
        string file = VendorManifest.PathIn(main.Directory);
        var manifest = VendorManifest.Read(file) ?? throw new ModuleException(DiagnosticCodes.VendorManifestMissing,
            $"vendor mode, but vendor/{VendorManifest.FileName} does not exist in {main.Directory}; run 'dotnet mod vendor', or build with -p:ModuleMode=mod",
            main.ModFilePath);
        VendorConsistency.Check(main, manifest);

        string vendor = Path.Combine(main.Directory, VendorManifest.DirectoryName);
        var modules = new List<ResolvedModule>();
        foreach (var m in manifest.BuildList)
        {
            var entry = manifest.Find(m)!;
            string dir = Path.Combine(vendor, m.Path.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(dir))
                throw new ModuleException(DiagnosticCodes.VendoredModuleMissing,
                    $"{m.Path} {m.Version}: vendored module directory vendor/{m.Path} is missing; run 'dotnet mod vendor'", file, entry.Line);
            modules.Add(new ResolvedModule(m, entry.Replacement, dir, "", Requires(dir)));
        }
        var requires = main.File.Require.Select(r => r.Mod.Path).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ResolvedBuild(main, requires, modules, SumsAdded: false);
    }

    // The module's own requirements, from its vendored module.mod (the replacement's, when
    // replaced, as in the cache case); a module without one requires nothing.
    private static List<string> Requires(string dir)
    {
        string mod = Path.Combine(dir, MainModule.ModFileName);
        if (!File.Exists(mod)) return [];
        var file = ModuleFile.ParseLax(mod, File.ReadAllText(mod));
        return file.Require.Select(r => r.Mod.Path).Distinct().Order(StringComparer.Ordinal).ToList();
    }
}
