using ModuleSdk.Modules;

namespace ModuleSdk.Vendoring;

/// <summary>
/// One module entry of <c>vendor/modules.txt</c>: its <c># path version [=> replacement]</c>
/// line, the <c>##</c> annotations under it and its package lines.
/// </summary>
/// <param name="Module">The module; an empty version marks a whole-module (wildcard) replacement line.</param>
/// <param name="Replacement">The replacement the line records, or null; a directory replacement has an empty version.</param>
/// <param name="Explicit">Whether <c>## explicit</c> marks it as required by the main module's <c>module.mod</c>.</param>
/// <param name="GoVersion">The <c>## go 1.xx</c> annotation Go 1.17+ writes; empty when absent (ModuleSdk writes none).</param>
/// <param name="Packages">
/// The package lines. Go lists the packages a build imports; ModuleSdk lists the module path
/// itself for every module of the build list (the module's root, where its project lives, is
/// what a .NET build uses), so a module with a package line is in the build list.
/// </param>
/// <param name="Line">The 1-based line of the module line in the file; 0 for an entry not read from a file.</param>
public sealed record VendorModule(ModuleId Module, ModuleId? Replacement, bool Explicit, string GoVersion, IReadOnlyList<string> Packages, int Line = 0)
{
    /// <summary>Reports whether the module provides packages, that is, whether it is in the build list.</summary>
    public bool InBuildList => Packages.Count > 0;
}
