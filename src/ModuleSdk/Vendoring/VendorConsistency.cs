using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Vendoring;

/// <summary>
/// Checks that <c>vendor/modules.txt</c> matches the main module's <c>module.mod</c> (Go's
/// <c>checkVendorConsistency</c>, in its go 1.14+ form, which is the only one ModuleSdk has):
/// every requirement is marked explicit and every explicit module is required at that version;
/// every replacement is recorded, with the same target, and nothing else is recorded as replaced.
/// The build list itself is not recomputed: as in Go, the manifest is trusted for what MVS selected.
/// </summary>
public static class VendorConsistency
{
    /// <summary>The problems found, one line each (<c>path@version: detail</c>), in Go's order; empty when consistent.</summary>
    public static IReadOnlyList<string> Problems(ModuleFile mainFile, VendorManifest manifest)
    {
        var problems = new List<string>();
        void Add(ModuleId m, string detail) => problems.Add($"{m}: {detail}");
        string Describe(ModuleId m) => m.ToString();

        // Requirements in file order, so the messages follow module.mod.
        foreach (var r in mainFile.Require)
            if (manifest.Find(r.Mod) is not { Explicit: true })
                Add(r.Mod, $"is explicitly required in {MainModule.ModFileName}, but not marked as explicit in vendor/{VendorManifest.FileName}");

        // Every replacement counts, used or not: a replacement's module.mod can change what MVS
        // selects for other modules, so one that modules.txt does not know makes it stale.
        foreach (var r in mainFile.Replace)
        {
            var recorded = manifest.Find(r.Old)?.Replacement;
            if (recorded is null)
                Add(r.Old, $"is replaced in {MainModule.ModFileName}, but not marked as replaced in vendor/{VendorManifest.FileName}");
            else if (recorded.Value != r.New)
                Add(r.Old, $"is replaced by {Describe(r.New)} in {MainModule.ModFileName}, " +
                    $"but marked as replaced by {Describe(recorded.Value)} in vendor/{VendorManifest.FileName}");
        }

        var required = mainFile.Require.Select(r => r.Mod).ToHashSet();
        foreach (var m in manifest.BuildList)
            if (manifest.Find(m) is { Explicit: true } && !required.Contains(m))
                Add(m, $"is marked as explicit in vendor/{VendorManifest.FileName}, but not explicitly required in {MainModule.ModFileName}");

        var index = new ModuleIndex(mainFile);
        foreach (var m in manifest.Replaced)
        {
            var actual = index.Replacement(m);
            var recorded = manifest.Find(m)!.Replacement!.Value;
            if (actual is null)
                Add(m, $"is marked as replaced in vendor/{VendorManifest.FileName}, but not replaced in {MainModule.ModFileName}");
            else if (actual.Value != recorded)
                Add(m, $"is marked as replaced by {Describe(recorded)} in vendor/{VendorManifest.FileName}, " +
                    $"but replaced by {Describe(actual.Value)} in {MainModule.ModFileName}");
        }
        return problems;
    }

    /// <summary>
    /// Throws MOD5201 ("inconsistent vendoring", located at <c>vendor/modules.txt</c>) when
    /// <see cref="Problems"/> finds any, with Go's two ways out in ModuleSdk's words.
    /// </summary>
    public static void Check(MainModule main, VendorManifest manifest)
    {
        var problems = Problems(main.File, manifest);
        if (problems.Count == 0) return;
        var sb = new StringBuilder("inconsistent vendoring in ").Append(main.Directory).Append(':');
        foreach (var p in problems) sb.Append("\n\t").Append(p);
        sb.Append("\n\n\tTo ignore the vendor directory, build with -p:ModuleMode=mod (or readonly).")
          .Append("\n\tTo sync the vendor directory, run:\n\t\tdotnet mod vendor");
        throw new ModuleException(DiagnosticCodes.VendorInconsistent, sb.ToString(), VendorManifest.PathIn(main.Directory));
    }
}
