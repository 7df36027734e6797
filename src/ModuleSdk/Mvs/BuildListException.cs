using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// The requirements of a module reached while building the build list could not be loaded:
/// Go's <c>mvs.BuildListError</c>. It carries the shortest chain of requirements from a target
/// to the failing module and prints it as the go command does:
/// <code>
/// a@v1 requires
///         b@v2 requires
///         c@v3: cause
/// </code>
/// Leading modules without a version (the main module) are not printed; a step that exists
/// because of an explicit upgrade says <c>updating to</c> instead of <c>requires</c>.
/// The cause is <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class BuildListException : ModuleException
{
    internal BuildListException(Exception cause, IReadOnlyList<RequirementStep> chain)
        : base(DiagnosticCodes.BuildListFailed, Format(cause, chain), cause)
    {
        Chain = chain;
        RelatedModule = chain[^1].Module;
    }

    /// <summary>The chain from a target to the failing module (at least one step; the last is the failing module).</summary>
    public IReadOnlyList<RequirementStep> Chain { get; }

    /// <summary>The module whose requirements could not be loaded.</summary>
    public ModuleId Module => Chain[^1].Module;

    /// <summary>Builds the chain from a path, asking <paramref name="isVersionChange"/> which steps are explicit upgrades.</summary>
    internal static BuildListException Create(Exception cause, IReadOnlyList<ModuleId> path, Func<ModuleId, ModuleId, bool>? isVersionChange)
    {
        var chain = new RequirementStep[path.Count];
        for (int i = 0; i < path.Count; i++)
        {
            string? reason = null;
            if (i + 1 < path.Count)
                reason = isVersionChange is not null && isVersionChange(path[i], path[i + 1]) ? "updating to" : "requires";
            chain[i] = new RequirementStep(path[i], reason);
        }
        return new BuildListException(cause, chain);
    }

    private static string Format(Exception cause, IReadOnlyList<RequirementStep> chain)
    {
        int start = 0;
        // Versionless modules at the head are the main module (or a synthetic target): Go leaves them out.
        while (start < chain.Count && chain[start].Module.Version.Length == 0) start++;
        if (start == chain.Count) return ModuleVersionException.ReasonOf(cause);

        var b = new StringBuilder();
        for (int i = start; i < chain.Count - 1; i++)
            b.Append(chain[i].Module).Append(' ').Append(chain[i].NextReason).Append("\n\t");

        var m = chain[^1].Module;
        if (cause is ModuleVersionException mve)
        {
            // The cause names the module it concerns; when that is not m, m was replaced by it.
            if (mve.Module == m) b.Append(mve.Message);
            else b.Append(m).Append(" (replaced by ").Append(mve.Module).Append("): ").Append(mve.Reason);
        }
        else if (FirstModuleError(cause)?.Module == m)
        {
            // Go's module.VersionError does not repeat a module already named deeper in the cause.
            b.Append(ModuleVersionException.ReasonOf(cause));
        }
        else
        {
            b.Append(ModuleVersionException.Format(m, ModuleVersionException.ReasonOf(cause)));
        }
        return b.ToString();
    }

    /// <summary>The first module error in the cause's chain, as Go's <c>errors.As</c> finds it.</summary>
    private static ModuleVersionException? FirstModuleError(Exception cause)
    {
        for (var e = cause.InnerException; e is not null; e = e.InnerException)
            if (e is ModuleVersionException mve) return mve;
        return null;
    }
}
