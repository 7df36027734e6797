using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;

namespace ModuleSdk.Direct;

/// <summary>
/// Direct mode's "not found": a repository that does not exist, or a revision it does not have.
/// A <see cref="ModuleNotFoundException"/>, so a <c>MODPROXY</c> list falls through on it, with a
/// code of its own (<see cref="DiagnosticCodes.RepositoryNotFound"/>, <see cref="DiagnosticCodes.UnknownRevision"/>).
/// </summary>
public sealed class DirectNotFoundException : ModuleNotFoundException
{
    /// <summary>Creates the error with <paramref name="code"/> (one of the two not-found codes of direct mode).</summary>
    public DirectNotFoundException(string code, string message, Exception? inner = null)
        : base(code, message, inner)
    {
    }
}
