using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Configuration;
using ModuleSdk.Resolution;

namespace ModuleSdk.Building;

/// <summary>
/// The no-op check of a module restore (NuGet's <c>project.nuget.cache</c> idea): a hash of
/// everything resolution reads — <c>module.mod</c>, <c>module.sum</c>, the settings and the
/// version of the code that writes restore's output (this assembly's), the module mode (in vendor
/// mode <c>vendor/modules.txt</c>), and the project's <c>ModuleReference</c> items. Restore records
/// it last, after everything else it writes; a build compares it to
/// refuse stale inputs, and the next restore skips resolution when it is unchanged. It is
/// computed from the main module's directory without parsing <c>module.mod</c> (both files are
/// hashed as bytes): every build and restore takes the no-op path, and a first parse in a fresh
/// build process costs about 50 ms of JIT (bench/sdk/run.sh). The file's second line keeps the
/// module path for messages.
/// </summary>
public static class RestoreStamp
{
    /// <summary>The stamp's file name in restore's state folder.</summary>
    public const string FileName = "restore.hash";

    /// <summary>Present while the last restore was a static-graph one that reached the project before its modules were resolved (MOD9008).</summary>
    public const string IncompleteFileName = "restore.incomplete";

    /// <summary>The stamp of <paramref name="main"/> (see <see cref="Compute(string, ModuleSettings, string, IReadOnlyList{string})"/>).</summary>
    public static string Compute(MainModule main, ModuleSettings settings, string modeKey, IReadOnlyList<string> moduleReferences) =>
        Compute(main.Directory, settings, modeKey, moduleReferences);

    /// <summary>The stamp of the main module in <paramref name="moduleDirectory"/> (the directory holding module.mod).</summary>
    /// <param name="moduleDirectory">The main module's directory.</param>
    /// <param name="settings">The settings resolution runs with.</param>
    /// <param name="modeKey">What of the module mode changes a restore: empty in mod mode (Vendoring's <c>ModuleModes.StampKey</c>).</param>
    /// <param name="moduleReferences">The project's ModuleReference items.</param>
    public static string Compute(string moduleDirectory, ModuleSettings settings, string modeKey = "", IReadOnlyList<string>? moduleReferences = null)
    {
        var sb = new StringBuilder();
        sb.Append("ModuleSdk restore 1\n")
            .Append(typeof(RestoreStamp).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(moduleDirectory).Append('\n')
            .Append(settings.ResolutionKey).Append("\n\0")
            .Append(ReadOrEmpty(Path.Combine(moduleDirectory, MainModule.ModFileName))).Append('\0')
            .Append(ReadOrEmpty(Path.Combine(moduleDirectory, MainModule.SumFileName)));
        // In vendor mode modules.txt is the build list: re-vendoring must restore again.
        if (modeKey.Length > 0) sb.Append('\0').Append(modeKey);
        // The project's ModuleReference items choose its module projects: a changed item restores again.
        if (moduleReferences is { Count: > 0 })
            sb.Append("\0references\0").AppendJoin('\n', moduleReferences);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).ToLowerInvariant();
    }

    /// <summary>The recorded stamp and module path; nulls when there is no stamp.</summary>
    public static (string? Stamp, string? ModulePath) Read(string stateDirectory)
    {
        string file = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(file)) return (null, null);
        var lines = File.ReadAllLines(file);
        return (lines.Length > 0 ? lines[0].Trim() : "", lines.Length > 1 ? lines[1] : null);
    }

    /// <summary>Records <paramref name="stamp"/> and the main module's path, atomically and durably (it is written last).</summary>
    public static void Write(string stateDirectory, string stamp, string modulePath) =>
        ModuleSdk.IO.AtomicFile.WriteAllText(Path.Combine(stateDirectory, FileName), stamp + "\n" + modulePath + "\n");

    private static string ReadOrEmpty(string file) => File.Exists(file) ? File.ReadAllText(file) : "";
}
