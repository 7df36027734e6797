using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Configuration;
using ModuleSdk.Resolution;

namespace ModuleSdk.Tasks;

/// <summary>
/// The no-op check of a module restore (NuGet's <c>project.nuget.cache</c> idea): a hash of
/// everything resolution reads — <c>module.mod</c>, <c>module.sum</c>, the settings and the task
/// version. Restore records it last, after everything else it writes; a build compares it to
/// refuse stale inputs, and the next restore skips resolution when it is unchanged. It is
/// computed from the main module's directory, without parsing <c>module.mod</c>: the no-op paths
/// of every build and restore take it, and a first parse in a build process costs about 50 ms
/// of JIT (bench/sdk/run.sh). The file's second line keeps the module path for messages.
/// </summary>
internal static class RestoreStamp
{
    public const string FileName = "restore.hash";

    public static string Compute(MainModule main, ModuleSettings settings) => Compute(main.Directory, settings);

    /// <summary>The stamp of the main module in <paramref name="moduleDirectory"/> (the directory holding module.mod).</summary>
    public static string Compute(string moduleDirectory, ModuleSettings settings)
    {
        string modFile = Path.Combine(moduleDirectory, MainModule.ModFileName);
        string sumFile = Path.Combine(moduleDirectory, MainModule.SumFileName);
        var sb = new StringBuilder();
        sb.Append("ModuleSdk restore 1\n")
            .Append(typeof(RestoreStamp).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(moduleDirectory).Append('\n')
            .Append(settings.ResolutionKey).Append("\n\0")
            .Append(ReadOrEmpty(modFile)).Append('\0')
            .Append(ReadOrEmpty(sumFile));
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

    /// <summary>Records <paramref name="stamp"/> and the main module's path (atomically).</summary>
    public static void Write(string stateDirectory, string stamp, string modulePath) =>
        Cache.AtomicFile.WriteAllText(Path.Combine(stateDirectory, FileName), stamp + "\n" + modulePath + "\n");

    private static string ReadOrEmpty(string file) => File.Exists(file) ? File.ReadAllText(file) : "";
}
