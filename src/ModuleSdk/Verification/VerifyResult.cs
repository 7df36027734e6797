namespace ModuleSdk.Verification;

/// <summary>
/// The outcome of
/// <see cref="Verifier.Verify(IReadOnlyList{Modules.ModuleId}, Func{string, string, IReadOnlyList{string}}?, CancellationToken)"/>,
/// in build-list order.
/// </summary>
public sealed class VerifyResult
{
    /// <summary>The text printed when nothing is wrong.</summary>
    public const string AllVerifiedMessage = "all modules verified";

    internal VerifyResult(IReadOnlyList<ModuleVerification> modules)
    {
        Modules = modules;
        Problems = modules.SelectMany(m => m.Problems).ToList();
    }

    /// <summary>One entry per build-list module, in build-list order.</summary>
    public IReadOnlyList<ModuleVerification> Modules { get; }

    /// <summary>Every problem, in build-list order.</summary>
    public IReadOnlyList<VerifyProblem> Problems { get; }

    /// <summary>Reports whether no problem was found (the command then exits 0).</summary>
    public bool AllVerified => Problems.Count == 0;

    /// <summary>
    /// What <c>dotnet mod verify</c> prints, as the go command: <c>all modules verified</c>, or one
    /// line per problem (which go to standard error, and the command exits 1).
    /// </summary>
    public IReadOnlyList<string> Lines => AllVerified ? [AllVerifiedMessage] : Problems.Select(p => p.Message).ToList();
}
