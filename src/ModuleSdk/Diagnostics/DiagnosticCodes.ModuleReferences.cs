namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A <c>ModuleReference</c> names a project path that no module of the build list provides (Go's "no required module provides package").</summary>
    public const string NoModuleProvidesProject = "MOD9020";

    /// <summary>A <c>ModuleReference</c>'s module has no single project file at the named directory (none, several, or no such directory).</summary>
    public const string ModuleProjectNotFound = "MOD9021";

    /// <summary>(warning) A referenced module project does not use the ModuleSdk SDK, so it cannot see its module's requirements.</summary>
    public const string ModuleProjectWithoutSdk = "MOD9022";

    /// <summary>A <c>ModuleReference</c>'s <c>Include</c> is not a valid project path.</summary>
    public const string InvalidProjectPath = "MOD9023";

    /// <summary><c>get</c> was given a project path no module with a matching version provides (Go's "module X found, but does not contain package").</summary>
    public const string NoModuleContainsProject = "MOD5109";
}
