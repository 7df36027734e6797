using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Resolution;

/// <summary>
/// One module as <c>list -m</c> describes it: Go's <c>ModulePublic</c> (version, replacement,
/// available upgrade, known versions, retraction, deprecation, where it is in the cache), and
/// its text form, which <c>dotnet mod list -m</c> and the <c>ListModules</c> task both print.
/// </summary>
public sealed class ModulePublic
{
    /// <summary>The module path.</summary>
    public required string Path { get; init; }

    /// <summary>The version; empty for the main module and a directory replacement.</summary>
    public string Version { get; init; } = "";

    /// <summary>The version query it was resolved from, when the query says something the version does not.</summary>
    public string? Query { get; init; }

    /// <summary>The known versions (<c>-versions</c>).</summary>
    public IReadOnlyList<string>? Versions { get; set; }

    /// <summary>The replacement, when the module is replaced.</summary>
    public ModulePublic? Replace { get; set; }

    /// <summary>The version's time (filled with <see cref="Options.Local"/>).</summary>
    public DateTimeOffset? Time { get; set; }

    /// <summary>The available upgrade (<c>-u</c>).</summary>
    public ModulePublic? Update { get; set; }

    /// <summary>The main module.</summary>
    public bool Main { get; init; }

    /// <summary>Go's <c>Indirect</c>: not required directly by the main module (or required with <c>// indirect</c>).</summary>
    public bool Indirect { get; init; }

    /// <summary>Where its files are: the extracted cache directory or the replacement directory.</summary>
    public string? Dir { get; set; }

    /// <summary>Its module file: the cached one or the replacement directory's.</summary>
    public string? ModFile { get; set; }

    /// <summary>The retraction rationale, when the version is retracted (<c>-u</c>, <c>-retracted</c>).</summary>
    public IReadOnlyList<string>? Retracted { get; set; }

    /// <summary>The deprecation message of the module's latest version (<c>-u</c>).</summary>
    public string? Deprecated { get; set; }

    /// <summary>Why it could not be described: <c>CODE: message</c> with the cause's code.</summary>
    public string? Error { get; set; }

    /// <summary>Where a query's answer came from.</summary>
    public Fetching.RevOrigin? Origin { get; init; }

    /// <summary>What to find out beyond the build list's version and replacement.</summary>
    /// <param name="Local">Time, <see cref="Dir"/> and <see cref="ModFile"/> (what <c>-json</c> prints).</param>
    /// <param name="Update">The available upgrade, retraction and deprecation (<c>-u</c>).</param>
    /// <param name="Versions">The known versions (<c>-versions</c>).</param>
    /// <param name="Retracted">Retracted versions among the known ones, and the retraction of this one (<c>-retracted</c>).</param>
    public sealed record Options(bool Local = false, bool Update = false, bool Versions = false, bool Retracted = false);

    /// <summary>Describes <paramref name="listed"/>; a failure is in <see cref="Error"/>, never thrown.</summary>
    public static async Task<ModulePublic> DescribeAsync(ModuleLoader loader, ModuleArgument listed, Options options, CancellationToken ct)
    {
        var m = listed.Module;
        if (listed.IsMain)
        {
            return new ModulePublic { Path = m.Path, Main = true, Dir = loader.Main.Directory, ModFile = loader.Main.ModFilePath };
        }
        // Go's Indirect: every module the main module does not require directly (without // indirect).
        // A path@query argument is resolved outside the build list (Go's moduleInfo with no
        // requirements): neither indirect nor replaced.
        bool direct = loader.Index.IsRequired(m.Path) && !loader.Index.IsIndirect(m.Path);
        var info = new ModulePublic
        {
            Path = m.Path,
            Version = m.Version,
            Query = listed.Query,
            Indirect = !listed.OutsideBuildList && !direct,
            Origin = listed.Origin,
        };
        var replacement = m.Version.Length == 0 || listed.OutsideBuildList ? null : loader.Index.Replacement(m);
        try
        {
            if (options.Versions)
            {
                var all = options.Retracted
                    ? (await loader.Query.VersionsAsync(m.Path, ct)).Where(v => !loader.Index.IsExcluded(new ModuleId(m.Path, v))).ToList()
                    : await loader.Query.AllowedVersionsAsync(m.Path, ct);
                info.Versions = all.ToList();
                // The query layer reads "not found" as "no versions"; go list -m -versions reports it.
                if (all.Count == 0 && m.Version.Length == 0) await loader.Source.VersionsAsync(m.Path, "", ct);
            }
            // Like Go, the original of a replaced module gets no Time: its Dir and Mod are the replacement's.
            if (replacement is null) await FillLocalAsync(loader, info, m, options.Local, ct);
            if (m.Version.Length > 0 && (options.Update || options.Retracted))
            {
                var retraction = await loader.Query.RetractionAsync(m.Path, m.Version, ct);
                if (retraction is not null)
                    info.Retracted = [retraction.Rationale.Length > 0 ? retraction.Rationale : "retracted by module author"];
            }
            if (options.Update && m.Version.Length > 0)
            {
                var latest = await loader.Query.LatestSummaryAsync(m.Path, ct);
                if (latest is { Deprecated.Length: > 0 }) info.Deprecated = latest.Deprecated;
                var up = await loader.Query.QueryAsync(m.Path, ModuleQuery.Upgrade, m.Version, ct);
                if (Semver.Compare(up.Version, m.Version) > 0)
                    info.Update = new ModulePublic { Path = m.Path, Version = up.Version, Time = up.Time };
            }
            if (replacement is { } r)
            {
                var rep = new ModulePublic { Path = r.Path, Version = r.Version };
                if (r.Version.Length == 0)
                {
                    rep.Dir = loader.ReplacementDirectory(r);
                    rep.ModFile = System.IO.Path.Combine(rep.Dir, MainModule.ModFileName);
                }
                else
                {
                    await FillLocalAsync(loader, rep, r, options.Local, ct);
                    if (options.Update)
                    {
                        // Go offers upgrades of the replacement too: "a v1.0.0 => a v1.1.0 [v1.2.0]".
                        var up = await loader.Query.QueryAsync(r.Path, ModuleQuery.Upgrade, r.Version, ct);
                        if (Semver.Compare(up.Version, r.Version) > 0)
                            rep.Update = new ModulePublic { Path = r.Path, Version = up.Version, Time = up.Time };
                    }
                }
                info.Replace = rep;
                info.Dir = rep.Dir;
                info.ModFile = rep.ModFile;
            }
        }
        catch (ModuleException e)
        {
            // With its code, as every error of every command: "MOD6110: message" in -json's Err,
            // "error MOD6110: message" on stderr.
            info.Error = $"{e.Cause.Code}: {e.LocatedMessage}";
        }
        return info;
    }

    private static async Task FillLocalAsync(ModuleLoader loader, ModulePublic info, ModuleId m, bool json, CancellationToken ct)
    {
        if (!json || m.Version.Length == 0) return;
        var rev = await loader.Fetcher.GetInfoAsync(m.Path, m.Version, ct);
        info.Time = rev.Time;
        if (loader.Cache.GetDirectoryState(m) == ModuleDirectoryState.Complete) info.Dir = loader.Cache.ModuleDirectory(m);
        string mod = loader.Cache.ModFile(m);
        if (File.Exists(mod)) info.ModFile = mod;
    }

    /// <summary>
    /// Go's <c>ModulePublic.String</c>: <c>path version [update] => replacement</c>, or with
    /// <paramref name="versions"/> the path and its known versions.
    /// </summary>
    public string ToText(bool versions)
    {
        if (versions) return Versions is { Count: > 0 } ? Path + " " + string.Join(' ', Versions) : Path;
        var s = Path;
        if (Version.Length > 0)
        {
            s += " " + VersionString(this);
            if (Update is not null) s += " [" + VersionString(Update) + "]";
        }
        if (!string.IsNullOrEmpty(Deprecated)) s += " (deprecated)";
        if (Replace is not null)
        {
            s += " => " + Replace.Path;
            if (Replace.Version.Length > 0)
            {
                s += " " + VersionString(Replace);
                if (Replace.Update is not null) s += " [" + VersionString(Replace.Update) + "]";
            }
            if (!string.IsNullOrEmpty(Replace.Deprecated)) s += " (deprecated)";
        }
        return s;
    }

    private static string VersionString(ModulePublic m) => m.Retracted is { Count: > 0 } ? m.Version + " (retracted)" : m.Version;
}
