using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Registry;

/// <summary>One file of a module zip, as the version page lists it.</summary>
/// <param name="Name">The path inside the module (without the zip's <c>path@version/</c> prefix).</param>
/// <param name="Size">The uncompressed size in bytes.</param>
public sealed record FileFact(string Name, long Size);

/// <summary>A <c>retract</c> directive: a version or an interval, and its rationale (the directive's comment).</summary>
public sealed record RetractionFact(string Low, string High, string Rationale)
{
    /// <summary>Whether <paramref name="version"/> falls in the interval.</summary>
    public bool Covers(string version) => Semver.Compare(Low, version) <= 0 && Semver.Compare(version, High) <= 0;
}

/// <summary>
/// Everything the registry shows about one stored version that comes from its files: derived
/// once per version (stored versions never change) by <see cref="FactsReader"/> and kept by
/// <see cref="RegistryIndex"/>, so a page never opens a zip.
/// </summary>
public sealed record VersionFacts
{
    /// <summary>The module path.</summary>
    public required string Path { get; init; }

    /// <summary>The version.</summary>
    public required string Version { get; init; }

    /// <summary>The commit time from the <c>.info</c>.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The module file served for the version (<c>.mod</c>).</summary>
    public string ModText { get; init; } = "";

    /// <summary>The <c>h1:</c> of the module file (the <c>/module.mod</c> line of <c>module.sum</c>).</summary>
    public string ModHash { get; init; } = "";

    /// <summary>The zip's <c>h1:</c> recorded when it was stored.</summary>
    public string? ZipHash { get; init; }

    /// <summary>The zip's size in bytes.</summary>
    public long ZipBytes { get; init; }

    /// <summary>The module's requirements (<c>require</c> lines of the module file).</summary>
    public IReadOnlyList<ModuleId> Requires { get; init; } = [];

    /// <summary>The <c>retract</c> directives of this version's module file.</summary>
    public IReadOnlyList<RetractionFact> Retractions { get; init; } = [];

    /// <summary>Whether the zip has a <c>module.mod</c> (else the proxy serves a synthesized one).</summary>
    public bool HasModFile { get; init; }

    /// <summary>The README's name at the module root, or null.</summary>
    public string? ReadmeName { get; init; }

    /// <summary>The README rendered safely (<see cref="ReadmeRenderer"/>), or null.</summary>
    public string? ReadmeHtml { get; init; }

    /// <summary>The README's first paragraph, as plain text.</summary>
    public string Description { get; init; } = "";

    /// <summary>The licence file's name at the module root, or null.</summary>
    public string? LicenseName { get; init; }

    /// <summary>The files of the zip, sorted by name.</summary>
    public IReadOnlyList<FileFact> Files { get; init; } = [];

    /// <summary>What could not be read (MOD6802), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>Whether the version is a pseudo-version (an untagged commit).</summary>
    public bool IsPseudo => PseudoVersion.IsPseudoVersion(Version);

    /// <summary>Whether the version carries <c>+incompatible</c> (a v2+ tag of a module without <c>/vN</c>).</summary>
    public bool IsIncompatible => Version.EndsWith("+incompatible", StringComparison.Ordinal);
}
