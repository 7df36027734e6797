namespace ModuleSdk.Proxy.Webhooks;

/// <summary>
/// What a webhook delivery says, in the terms the proxy needs: the repository's URLs (as the
/// host names it: clone, ssh and web URLs), the ref pushed (<c>refs/tags/v1.2.0</c>,
/// <c>refs/heads/main</c>, or null), whether the ref was deleted, and module paths named
/// outright (the generic hook's <c>module</c>).
/// </summary>
public sealed record PushEvent(IReadOnlyList<string> RepositoryUrls, string? Ref, bool Deleted, IReadOnlyList<string> Modules)
{
    /// <summary>The tag pushed (without <c>refs/tags/</c>), or null.</summary>
    public string? Tag => Ref is { } r && r.StartsWith("refs/tags/", StringComparison.Ordinal) ? r["refs/tags/".Length..] : null;
}
