using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// A failure that concerns one module version: Go's <c>module.ModuleError</c>. Its message is
/// <c>path@version: reason</c> (or <c>module path: reason</c> without a version). A requirement
/// loader throws it when the module it actually read is not the one asked for (a replacement),
/// so that <see cref="BuildListException"/> can say <c>m (replaced by r): reason</c> as Go does.
/// </summary>
public class ModuleVersionException : ModuleException
{
    /// <summary>Creates the error with a code and a reason (the text after the module).</summary>
    public ModuleVersionException(string code, ModuleId module, string reason, Exception? inner = null)
        : base(code, Format(module, reason), inner)
    {
        Module = module;
        RelatedModule = module;
        Reason = reason;
    }

    /// <summary>
    /// Wraps a cause: its code when it is a <see cref="ModuleException"/> (else
    /// <see cref="DiagnosticCodes.ModuleVersionFailed"/>) and its message as the reason.
    /// </summary>
    public ModuleVersionException(ModuleId module, Exception cause)
        : this(cause is ModuleException me ? me.Code : DiagnosticCodes.ModuleVersionFailed, module, ReasonOf(cause), cause)
    {
    }

    /// <summary>The module version the failure concerns.</summary>
    public ModuleId Module { get; }

    /// <summary>What went wrong, without the module prefix.</summary>
    public string Reason { get; }

    internal static string Format(ModuleId module, string reason) =>
        module.Version.Length != 0 ? $"{module.Path}@{module.Version}: {reason}" : $"module {module.Path}: {reason}";

    /// <summary>The text of a cause, with its file location when it has one.</summary>
    internal static string ReasonOf(Exception cause) => cause is ModuleException me ? me.LocatedMessage : cause.Message;
}
