namespace ModuleSdk.Sboms;

/// <summary>One module of a bill of materials, as the build that made the binary selected it.</summary>
/// <param name="Path">The module path the build list names.</param>
/// <param name="Version">The selected version; <c>(devel)</c> for a main module.</param>
/// <param name="Sum">The <c>h1:</c> hash of the code that was compiled (the replacement's when replaced); empty when none was recorded.</param>
/// <param name="ReplacePath">The replacement module path or directory; null when not replaced.</param>
/// <param name="ReplaceVersion">The replacement version; <c>(devel)</c> for a directory; null when not replaced.</param>
/// <param name="RepositoryUrl">The repository the module's own assembly records (<c>vcs.url</c>); null when unknown.</param>
/// <param name="Revision">The commit the module's own assembly records (<c>vcs.revision</c>); null when unknown.</param>
public sealed record SbomComponent(
    string Path, string Version, string Sum, string? ReplacePath, string? ReplaceVersion, string? RepositoryUrl, string? Revision)
{
    /// <summary>Whether a local directory replaces the module: its code has no module coordinates.</summary>
    public bool IsDirectoryReplacement => ReplacePath is not null && ReplaceVersion == BuildInfo.ModuleBuildInfo.DevelVersion;

    /// <summary>The path whose code is really inside the binary: the replacement module's, else the module's own.</summary>
    public string EffectivePath => ReplacePath is not null && !IsDirectoryReplacement ? ReplacePath : Path;

    /// <summary>The version whose code is really inside the binary.</summary>
    public string EffectiveVersion => ReplacePath is not null && !IsDirectoryReplacement ? ReplaceVersion! : Version;

    /// <summary>
    /// The package URL of the code inside the binary; null for a main module or a directory
    /// replacement, which have no published coordinates.
    /// </summary>
    public string? Purl => EffectiveVersion == BuildInfo.ModuleBuildInfo.DevelVersion || IsDirectoryReplacement
        ? null
        : ModulePurl.For(EffectivePath, EffectiveVersion);

    /// <summary>A stable one-line form, for content-derived identifiers.</summary>
    public string Key => $"{Path} {Version} {Sum} {ReplacePath} {ReplaceVersion} {RepositoryUrl} {Revision}";
}
