using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>One step of a <see cref="BuildListException.Chain"/>.</summary>
/// <param name="Module">The module version at this step.</param>
/// <param name="NextReason">
/// Why it leads to the next step: <c>requires</c> or <c>updating to</c>; <see langword="null"/> on the last step.
/// </param>
public readonly record struct RequirementStep(ModuleId Module, string? NextReason);
