using ModuleSdk.Modules;

namespace ModuleSdk.Verification;

/// <summary>One problem <see cref="Verifier"/> found.</summary>
/// <param name="Module">The module it concerns.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Code">The stable diagnostic code (MOD701x).</param>
/// <param name="Message">The line the go command prints, such as <c>example.com/lib v1.2.0: dir has been modified (/cache/example.com/lib@v1.2.0)</c>.</param>
/// <param name="Path">The file or directory concerned, when there is one.</param>
public sealed record VerifyProblem(ModuleId Module, VerifyProblemKind Kind, string Code, string Message, string? Path)
{
    /// <summary>The message.</summary>
    public override string ToString() => Message;
}
