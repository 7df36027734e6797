using Microsoft.CodeAnalysis;

namespace ModuleSdk.Inlining;

/// <summary>The diagnostics of <c>[Inline]</c> (docs/diagnostics.md, MOD91xx).</summary>
internal static class InlineDescriptors
{
    /// <summary>
    /// A use of an <c>[Inline]</c> member. A suggestion (Info) by default, configurable like any
    /// analyzer (<c>dotnet_diagnostic.MOD9100.severity</c> in .editorconfig).
    /// </summary>
    public static readonly DiagnosticDescriptor Call = new(
        id: InlineNames.CallId,
        title: "Inline this use of an API its module retired",
        messageFormat: "{0} is marked [Inline] by its module: inline it (code fix, or dotnet mod fix) to use what it forwards to",
        category: "ModuleSdk",
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The module's author marked this member [Inline]: its body is a single expression over the API that replaces it. " +
            "The code fix and 'dotnet mod fix' replace the use with that expression.",
        helpLinkUri: "https://github.com/modulesdk/modulesdk/blob/main/docs/inlining.md");

    /// <summary>
    /// Never reported. The compiler skips an analyzer all of whose diagnostics are disabled, and
    /// command-line builds may skip one whose diagnostics are all hidden: this one, a warning on by
    /// default, keeps the consumer's analyzer running whatever MOD9100 is configured to (the
    /// analyzer itself honours that configuration). Like MOD9072 for the usage analyzer.
    /// </summary>

    public static readonly DiagnosticDescriptor Probe = new(
        id: "MOD9103",
        title: "ModuleSdk [Inline] analysis",
        messageFormat: "ModuleSdk looks for uses of [Inline] members (never reported)",
        category: "ModuleSdk",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        customTags: WellKnownDiagnosticTags.NotConfigurable);


    /// <summary>An <c>[Inline]</c> marker on a member that cannot be inlined.</summary>
    public static readonly DiagnosticDescriptor Marker = new(
        id: InlineNames.MarkerId,
        title: "[Inline] on a member that cannot be inlined",
        messageFormat: "'{0}' cannot be inlined: {1}",
        category: "ModuleSdk",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Inline] needs a public, non-virtual member whose body is a single expression over public API, without ref/out parameters or recursion.",
        helpLinkUri: "https://github.com/modulesdk/modulesdk/blob/main/docs/inlining.md");
}
