using ModuleSdk.Cache;
using ModuleSdk.Cli.Output;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;

namespace ModuleSdk.Cli.Commands;

/// <summary>One module as <c>list -m</c> prints it: Go's <c>ModulePublic</c>.</summary>
internal sealed class ModuleInfo
{
    public required string Path { get; init; }
    public string Version { get; init; } = "";
    public string? Query { get; init; }
    public IReadOnlyList<string>? Versions { get; set; }
    public ModuleInfo? Replace { get; set; }
    public DateTimeOffset? Time { get; set; }
    public ModuleInfo? Update { get; set; }
    public bool Main { get; init; }
    public bool Indirect { get; init; }
    public string? Dir { get; set; }
    public string? ModFile { get; set; }
    public IReadOnlyList<string>? Retracted { get; set; }
    public string? Deprecated { get; set; }
    public string? Error { get; set; }
    public Fetching.RevOrigin? Origin { get; init; }

    public sealed record Options(bool Json, bool Update, bool Versions, bool Retracted);

    public static async Task<ModuleInfo> DescribeAsync(ModuleLoader loader, ListedModule listed, Options options, CancellationToken ct)
    {
        var m = listed.Module;
        if (listed.IsMain)
        {
            return new ModuleInfo { Path = m.Path, Main = true, Dir = loader.Main.Directory, ModFile = loader.Main.ModFilePath };
        }
        // Go's Indirect: every module the main module does not require directly (without // indirect).
        // A path@query argument is resolved outside the build list (Go's moduleInfo with no
        // requirements): neither indirect nor replaced.
        bool direct = loader.Index.IsRequired(m.Path) && !loader.Index.IsIndirect(m.Path);
        var info = new ModuleInfo { Path = m.Path, Version = m.Version, Query = listed.Query, Indirect = !listed.OutsideBuildList && !direct, Origin = listed.Origin };
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
            if (replacement is null) await FillLocalAsync(loader, info, m, options.Json, ct);
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
                    info.Update = new ModuleInfo { Path = m.Path, Version = up.Version, Time = up.Time };
            }
            if (replacement is { } r)
            {
                var rep = new ModuleInfo { Path = r.Path, Version = r.Version };
                if (r.Version.Length == 0)
                {
                    rep.Dir = loader.ReplacementDirectory(r);
                    rep.ModFile = System.IO.Path.Combine(rep.Dir, MainModule.ModFileName);
                }
                else
                {
                    await FillLocalAsync(loader, rep, r, options.Json, ct);
                    if (options.Update)
                    {
                        // Go offers upgrades of the replacement too: "a v1.0.0 => a v1.1.0 [v1.2.0]".
                        var up = await loader.Query.QueryAsync(r.Path, ModuleQuery.Upgrade, r.Version, ct);
                        if (Semver.Compare(up.Version, r.Version) > 0)
                            rep.Update = new ModuleInfo { Path = r.Path, Version = up.Version, Time = up.Time };
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
            info.Error = $"{CliApp.RootCode(e)}: {e.LocatedMessage}";
        }
        return info;
    }

    private static async Task FillLocalAsync(ModuleLoader loader, ModuleInfo info, ModuleId m, bool json, CancellationToken ct)
    {
        if (!json || m.Version.Length == 0) return;
        var rev = await loader.Fetcher.GetInfoAsync(m.Path, m.Version, ct);
        info.Time = rev.Time;
        if (loader.Cache.GetDirectoryState(m) == ModuleDirectoryState.Complete) info.Dir = loader.Cache.ModuleDirectory(m);
        string mod = loader.Cache.ModFile(m);
        if (File.Exists(mod)) info.ModFile = mod;
    }

    /// <summary>Go's <c>ModulePublic.String</c>.</summary>
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

    private static string VersionString(ModuleInfo m) => m.Retracted is { Count: > 0 } ? m.Version + " (retracted)" : m.Version;

    public GoJson ToJson() => new GoJson()
        .Add("Path", Path)
        .Add("Version", Version)
        .Add("Query", Query)
        .Add("Versions", Versions)
        .Add("Replace", Replace?.ToJson())
        .Add("Time", Time)
        .Add("Update", Update?.ToJson())
        .Add("Main", Main)
        .Add("Indirect", Indirect)
        .Add("Dir", Dir)
        .Add("Mod", ModFile)
        .Add("Retracted", Retracted)
        .Add("Deprecated", Deprecated)
        .Add("Error", Error is null ? null : new GoJson().Add("Err", Error))
        .Add("Origin", GoJson.Origin(Origin));
}
