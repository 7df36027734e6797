namespace ModuleSdk.Modules;

/// <summary>
/// Go's <c>module.MatchPrefixPatterns</c>: comma-separated glob patterns (path.Match syntax)
/// matched against leading path elements, as used by <c>MODPRIVATE</c>.
/// </summary>
public static class PathPatterns
{
    /// <summary>Reports whether any pattern in the comma-separated <paramref name="globs"/> matches a prefix of <paramref name="target"/>.</summary>
    public static bool MatchPrefixPatterns(string? globs, string target) => throw new NotImplementedException();
}
