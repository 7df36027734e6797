using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Configuration;
using ModuleSdk.Resolution;
using ModuleSdk.Vendoring;

namespace ModuleSdk.Tasks;

/// <summary>
/// The no-op check of a module restore (NuGet's <c>project.nuget.cache</c> idea): a hash of
/// everything resolution reads — <c>module.mod</c>, <c>module.sum</c>, the settings and the task
/// version. Restore records it last, after everything else it writes; a build compares it to
/// refuse stale inputs, and the next restore skips resolution when it is unchanged.
/// </summary>
internal static class RestoreStamp
{
    public const string FileName = "restore.hash";

    /// <summary>Present while the last restore was a static-graph one that reached the project before its modules were resolved (MOD9008).</summary>
    public const string IncompleteFileName = "restore.incomplete";

    public static string Compute(MainModule main, ModuleSettings settings, ModuleMode mode = ModuleMode.Mod)
    {
        var sb = new StringBuilder();
        sb.Append("ModuleSdk restore 1\n")
            .Append(typeof(RestoreStamp).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(main.Directory).Append('\n')
            .Append(settings.ResolutionKey).Append("\n\0")
            .Append(ReadOrEmpty(main.ModFilePath)).Append('\0')
            .Append(ReadOrEmpty(main.SumFilePath));
        // In vendor mode modules.txt is the build list: re-vendoring must restore again.
        if (mode != ModuleMode.Mod)
            sb.Append('\0').Append(ModuleModes.Name(mode)).Append('\0').Append(mode == ModuleMode.Vendor ? ReadOrEmpty(VendorManifest.PathIn(main.Directory)) : "");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).ToLowerInvariant();
    }

    public static string? Read(string stateDirectory)
    {
        string file = Path.Combine(stateDirectory, FileName);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    private static string ReadOrEmpty(string file) => File.Exists(file) ? File.ReadAllText(file) : "";
}
