namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>The build found module.mod, module.sum or the module settings changed since the last restore.</summary>
    public const string RestoreNeeded = "MOD9001";

    /// <summary>A module was downloaded but its <c>.ziphash</c> is missing from the cache.</summary>
    public const string ModuleNotDownloaded = "MOD9002";

    /// <summary><c>VerifyModules</c> found cached modules that changed since download.</summary>
    public const string VerifyFailed = "MOD9003";

    /// <summary>Copying a module's tree into the consumer's <c>obj/</c> failed.</summary>
    public const string ModuleCopyFailed = "MOD9004";

    /// <summary>A file given to <c>dotnet mod version -m</c> is not an assembly or carries no module build information.</summary>
    public const string NoBuildInfo = "MOD9005";

    /// <summary>A module of the build list has no project file at its root, so nothing references it.</summary>
    public const string ModuleHasNoProject = "MOD9006";

    /// <summary>The <c>ModuleWhy</c> target was run without a <c>Module</c> property.</summary>
    public const string WhyNeedsModule = "MOD9007";

    /// <summary>A static-graph restore evaluated a project before its modules were resolved; they are resolved now and the restore must run again.</summary>
    public const string StaticGraphRestoreStale = "MOD9008";

    /// <summary>Two modules of the build (or a module and the main project) build assemblies of the same name.</summary>
    public const string AssemblyNameCollision = "MOD9009";
}
