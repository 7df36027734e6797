using ModuleSdk.Modules;

namespace ModuleSdk.Verification;

/// <summary>The outcome for one module of the build list.</summary>
/// <param name="Module">The module.</param>
/// <param name="Checked">
/// False when there was nothing to check: neither downloaded nor extracted, or the main module or a
/// directory replacement (no version).
/// </param>
/// <param name="Problems">What is wrong, zip before directory; empty when the module verified.</param>
public sealed record ModuleVerification(ModuleId Module, bool Checked, IReadOnlyList<VerifyProblem> Problems)
{
    /// <summary>Reports whether nothing is wrong with the module.</summary>
    public bool Verified => Problems.Count == 0;
}
