using System.Text;
using LibGit2Sharp;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Zips;

namespace ModuleSdk.Direct;

/// <summary>
/// One module inside a git repository (Go's <c>modfetch.codeRepo</c>): maps the module's
/// versions to tags (prefixed by the subdirectory for a module below the root), revisions to
/// pseudo-versions, and builds the module's <c>module.mod</c> and zip from the tree at a commit.
/// A <c>/vN</c> module lives either in the directory whose <c>module.mod</c> declares the <c>/vN</c>
/// path, or in its <c>vN/</c> subdirectory, as the go command finds it.
/// </summary>
internal sealed partial class GitModule : IModuleSource, IZipBuildingSource
{
    private const string ModFileName = "module.mod";
    private const string LicenseName = "LICENSE";

    private readonly GitRepo _repo;
    private readonly string _path;        // the module path
    private readonly string _codeRoot;    // module path prefix of the repository root
    private readonly string _codeDir;     // directory of the module (without the vN/ alternative), "" at the root
    private readonly string _pathPrefix;  // the module path without its major suffix
    private readonly string _pathMajor;   // "/v2", ".v1" or ""
    private readonly string _pseudoMajor; // the major of pseudo-versions without a base tag
    private readonly string _tagPrefix;
    private readonly SemaphoreSlim _retractGate = new(1, 1);
    private IReadOnlyList<VersionInterval>? _retracted;
    private readonly Dictionary<ObjectId, (byte[]? Mod, string? Path)> _modFiles = []; // used inside GitRepo.UseAsync only

    public GitModule(GitRepo repo, string path, string codeRoot)
    {
        _repo = repo;
        _path = path;
        _codeRoot = codeRoot;
        if (!ModulePath.SplitPathVersion(path, out _pathPrefix, out _pathMajor))
            throw new ModuleException(DiagnosticCodes.InvalidModulePath, $"malformed module path \"{path}\": invalid version suffix");
        if (path == codeRoot) _codeDir = "";
        else
        {
            if (!HasPathPrefix(_pathPrefix, codeRoot))
                throw new ModuleException(DiagnosticCodes.RepositoryUnknown,
                    $"mismatched repository: {repo.DisplayUrl} holds {codeRoot}, which is not a prefix of {_pathPrefix}");
            _codeDir = _pathPrefix[codeRoot.Length..].Trim('/');
        }
        _pseudoMajor = _pathMajor.Length == 0 ? "" : ModulePath.PathMajorPrefix(_pathMajor);
        _tagPrefix = _codeDir.Length == 0 ? "" : _codeDir + "/";
    }

    public override string ToString() => _repo.DisplayUrl;

    /// <summary>Lists the remote's refs again now and fetches what changed (a webhook or a poll said so).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _repo.SyncAsync(force: true, cancellationToken);

    // ---- IModuleSource -------------------------------------------------------------------

    public async Task<IReadOnlyList<string>> VersionsAsync(string path, string prefix = "", CancellationToken cancellationToken = default)
    {
        await _repo.SyncAsync(force: false, cancellationToken).ConfigureAwait(false);
        return await _repo.UseAsync(repo => Versions(repo, prefix), cancellationToken).ConfigureAwait(false);
    }

    public async Task<RevInfo> StatAsync(string path, string revision, CancellationToken cancellationToken = default)
    {
        // Versions and commit hashes name fixed commits: the clone answers them when it has them,
        // and anything missing costs one sync. Branches (and HEAD) move, so they sync first.
        bool fixedName = (Semver.IsValid(revision) && ModuleVersion.Canonical(revision) == revision)
            || (revision.Length is >= 4 and <= 40 && revision.All(char.IsAsciiHexDigitLower));
        if (!fixedName) await _repo.SyncAsync(force: false, cancellationToken).ConfigureAwait(false);
        var info = await _repo.UseAsync(repo => TryStat(repo, revision), cancellationToken).ConfigureAwait(false);
        if (info is not null) return info;
        if (!_repo.Synced)
        {
            await _repo.SyncAsync(force: false, cancellationToken).ConfigureAwait(false);
            info = await _repo.UseAsync(repo => TryStat(repo, revision), cancellationToken).ConfigureAwait(false);
            if (info is not null) return info;
        }
        // A full hash on no branch or tag (a commit of a deleted branch, a pull request's head):
        // ask for the object itself, as Go does; servers allow it with uploadpack.allowAnySHA1InWant
        // (or allowReachableSHA1InWant for a commit that some ref reaches).
        if (revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower))
        {
            if (await _repo.FetchObjectAsync(revision, cancellationToken).ConfigureAwait(false))
            {
                info = await _repo.UseAsync(repo => TryStat(repo, revision), cancellationToken).ConfigureAwait(false);
                if (info is not null) return info;
            }
            throw new DirectNotFoundException(DiagnosticCodes.UnknownRevision,
                $"{_path}@{revision}: invalid version: unknown revision {revision}: no branch or tag of {_repo.DisplayUrl} reaches it, " +
                "and the server did not send it when asked by hash (it may not exist, or the server does not allow fetching unadvertised commits: " +
                "uploadpack.allowAnySHA1InWant)");
        }
        throw new DirectNotFoundException(DiagnosticCodes.UnknownRevision, $"{_path}@{revision}: invalid version: unknown revision {revision}");
    }

    public async Task<RevInfo> LatestAsync(string path, CancellationToken cancellationToken = default)
    {
        await _repo.SyncAsync(force: false, cancellationToken).ConfigureAwait(false);
        return await _repo.UseAsync(repo =>
        {
            var head = repo.Head?.Tip ?? throw new DirectNotFoundException(DiagnosticCodes.UnknownRevision,
                $"module {_path}: repository {_repo.DisplayUrl} has no commits on its default branch");
            return Convert(repo, head, repo.Head.CanonicalName, requested: null);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> GetModAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        var commit = await ResolveVersionAsync(version, cancellationToken).ConfigureAwait(false);
        return await _repo.UseAsync(repo =>
        {
            var c = repo.Lookup<Commit>(commit);
            if (Semver.Build(version) == "+incompatible") return LegacyModFile();
            var (_, mod) = FindDir(c, version);
            return mod ?? LegacyModFile();
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DownloadZipAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) =>
        WriteZipAsync(version, destination, hash: false, cancellationToken);

    /// <summary>Writes the zip as <see cref="DownloadZipAsync"/> and returns its <c>h1:</c>, hashed while it was written.</summary>
    public Task<string?> DownloadZipBuiltAsync(string path, string version, Stream destination, CancellationToken cancellationToken = default) =>
        WriteZipAsync(version, destination, hash: true, cancellationToken);

    private async Task<string?> WriteZipAsync(string version, Stream destination, bool hash, CancellationToken cancellationToken)
    {
        var commit = await ResolveVersionAsync(version, cancellationToken).ConfigureAwait(false);
        return await _repo.UseAsync(repo =>
        {
            var c = repo.Lookup<Commit>(commit);
            string dir = Semver.Build(version) == "+incompatible" ? "" : FindDir(c, version).Dir;
            var files = TreeFiles(c, dir);
            try
            {
                var module = new ModuleId(_path, version);
                // The hash is computed only for a caller that uses it (the proxy server, which
                // stores the zip): a client checks and hashes what it downloaded anyway.
                if (hash) return Sums.Hash1.CreateZip(destination, module, files);
                ModuleZip.Create(destination, module, files);
                return null;
            }
            catch (ModuleException e) when (e is not ModuleNotFoundException)
            {
                throw new ModuleException(DiagnosticCodes.DirectZipFailed,
                    $"{_path}@{version}: creating module zip from {_repo.DisplayUrl} at {c.Sha[..12]}: {e.Message}", e);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    // ---- versions ------------------------------------------------------------------------

    private IReadOnlyList<string> Versions(Repository repo, string prefix)
    {
        var tags = _repo.TagCommits(repo);
        var list = new List<string>();
        var incompatible = new List<string>();
        string p = _tagPrefix + prefix;
        foreach (var (tag, sha) in tags)
        {
            if (!tag.StartsWith(p, StringComparison.Ordinal)) continue;
            string v = tag[_tagPrefix.Length..];
            if (v.Length == 0 || Semver.Canonical(v) != v || PseudoVersion.IsPseudoVersion(v)) continue;
            if (!ModulePath.MatchPathMajor(v, _pathMajor))
            {
                if (_codeDir.Length == 0 && _pathMajor.Length == 0 && Semver.Compare(Semver.Major(v), "v1") > 0) incompatible.Add(v);
                continue;
            }
            // A tag whose module.mod declares another module is not a version of this one.
            if (!DeclaresThisModule(repo.Lookup<Commit>(sha), v)) continue;
            list.Add(v);
        }
        Semver.Sort(list);
        Semver.Sort(incompatible);
        if (incompatible.Count == 0) return list;

        // Go's appendIncompatibleVersions: once the latest compatible version has a module.mod,
        // later majors are assumed to have one too, so there are no +incompatible versions; else a
        // major's tags are +incompatible only if its latest tag has no module.mod.
        if (list.Count > 0 && HasRootModFile(repo, tags[_tagPrefix + list[^1]])) return list;
        for (int i = 0; i < incompatible.Count;)
        {
            string major = Semver.Major(incompatible[i]);
            int j = i;
            while (j < incompatible.Count && Semver.Major(incompatible[j]) == major) j++;
            if (!HasRootModFile(repo, tags[incompatible[j - 1]]))
                for (int k = i; k < j; k++) list.Add(incompatible[k] + "+incompatible");
            i = j;
        }
        return list;
    }

    private bool DeclaresThisModule(Commit commit, string version)
    {
        try
        {
            var (dir, mod) = FindDir(commit, version);
            return mod is null || ReadModFile(commit, Join(dir, ModFileName)).Path == _path;
        }
        catch (ModuleException)
        {
            return false;
        }
    }

    private static bool HasRootModFile(Repository repo, ObjectId id) => repo.Lookup<Commit>(id)?[ModFileName] is { TargetType: TreeEntryTargetType.Blob };

    // ---- revisions -----------------------------------------------------------------------

    /// <summary>The commit of a canonical version: its tag, or the commit a pseudo-version names (validated).</summary>
    private async Task<string> ResolveVersionAsync(string version, CancellationToken cancellationToken)
    {
        if (!Semver.IsValid(version) || ModuleVersion.Canonical(version) != version)
            throw new ModuleException(DiagnosticCodes.DirectVersionInvalid, $"{_path}@{version}: invalid version: not a canonical version");
        var info = await StatAsync(_path, version, cancellationToken).ConfigureAwait(false);
        // Stat turns a v2+ tag of a module without module.mod into its +incompatible version;
        // content is served only under the exact version the tag gives.
        if (info.Version != version)
            throw Invalid(version, $"should be {info.Version} (or module {_path}/{Semver.Major(version)})");
        return info.Origin!.Hash!;
    }

    private RevInfo? TryStat(Repository repo, string rev)
    {
        string tagVersion = Semver.Build(rev) == "+incompatible" ? rev[..^"+incompatible".Length] : rev;
        if (Semver.IsValid(rev) && ModuleVersion.Canonical(rev) == rev && !PseudoVersion.IsPseudoVersion(rev))
        {
            // A release or prerelease: exactly its (prefixed) tag.
            if (!_repo.TagCommits(repo).TryGetValue(_tagPrefix + tagVersion, out var sha)) return null;
            return Convert(repo, repo.Lookup<Commit>(sha), "refs/tags/" + _tagPrefix + tagVersion, requested: rev);
        }
        if (PseudoVersion.IsPseudoVersion(rev))
        {
            if (ModuleVersion.Canonical(rev) != rev)
                throw new ModuleException(DiagnosticCodes.DirectVersionInvalid,
                    $"{_path}@{rev}: invalid version: not a canonical version (should be {ModuleVersion.Canonical(rev)})");
            string short_ = PseudoVersion.Revision(rev);
            var commit = LookupCommit(repo, short_, out _);
            if (commit is null) return null;
            return Convert(repo, commit, null, requested: rev);
        }
        var c = LookupCommit(repo, rev, out var refName);
        return c is null ? null : Convert(repo, c, refName, requested: null);
    }

    /// <summary>A branch, a tag (any name), HEAD, or a full or abbreviated commit hash.</summary>
    private static Commit? LookupCommit(Repository repo, string rev, out string? refName)
    {
        refName = null;
        if (rev == "HEAD")
        {
            refName = repo.Head?.CanonicalName;
            return repo.Head?.Tip;
        }
        foreach (var name in new[] { "refs/heads/" + rev, "refs/tags/" + rev })
        {
            if (repo.Refs[name] is { } r && GitRepo.PeelToCommit(r.ResolveToDirectReference()?.Target) is { } c)
            {
                refName = name;
                return c;
            }
        }
        if (rev.Length is >= 4 and <= 40 && rev.All(char.IsAsciiHexDigitLower))
        {
            try
            {
                return GitRepo.PeelToCommit(repo.Lookup(rev));
            }
            catch (AmbiguousSpecificationException)
            {
                throw new ModuleException(DiagnosticCodes.UnknownRevision, $"ambiguous revision {rev}: several objects start with it; give more hex digits");
            }
        }
        return null;
    }

    /// <summary>
    /// The <c>.info</c> of <paramref name="commit"/> (Go's <c>codeRepo.convert</c>). With a
    /// <paramref name="requested"/> canonical version, that version is checked against the
    /// repository and kept; otherwise the commit's highest tag of this module is its version, and
    /// an untagged commit gets a pseudo-version built on its highest reachable tag.
    /// </summary>
    private RevInfo Convert(Repository repo, Commit commit, string? refName, string? requested)
    {
        var time = commit.Committer.When.ToUniversalTime();
        var origin = new RevOrigin
        {
            VCS = "git",
            URL = _repo.DisplayUrl,
            Subdir = _codeDir.Length == 0 ? null : _codeDir,
            Hash = commit.Sha,
            Ref = refName,
        };
        bool hasRootMod = commit[ModFileName] is { TargetType: TreeEntryTargetType.Blob };
        // +incompatible: Go allows it for a root module without a major suffix whose revision has no module.mod.
        bool incompatibleOk = _codeDir.Length == 0 && _pathMajor.Length == 0 && !hasRootMod;

        if (requested is not null)
        {
            if (PseudoVersion.IsPseudoVersion(requested))
                ValidatePseudoVersion(repo, commit, requested, incompatibleOk);
            else
                requested = CheckTaggedVersion(commit, requested, incompatibleOk);
            return new RevInfo(requested, time, origin);
        }

        // The commit's own tags: the highest usable one names it.
        string? best = null;
        foreach (var (tag, sha) in _repo.TagCommits(repo))
        {
            if (!sha.Equals(commit.Id) || !tag.StartsWith(_tagPrefix, StringComparison.Ordinal)) continue;
            string v = tag[_tagPrefix.Length..];
            if (Semver.Canonical(v) != v || PseudoVersion.IsPseudoVersion(v)) continue;
            string? usable = Usable(v, incompatibleOk);
            if (usable is null || (usable == v && !DeclaresThisModule(commit, v))) continue;
            if (best is null || Semver.Compare(usable, best) > 0) best = usable;
        }
        if (best is not null)
            return new RevInfo(best, time, origin with { Ref = refName ?? "refs/tags/" + _tagPrefix + Semver.Canonical(best) });

        string baseTag = RecentTag(repo, commit, incompatibleOk);
        string pseudo = PseudoVersion.Build(_pseudoMajor, baseTag, time, commit.Sha[..12]);
        return new RevInfo(pseudo, time, origin);
    }

    /// <summary>The version a tag gives this module: itself, with +incompatible, or null when it is not of this module's major.</summary>
    private string? Usable(string v, bool incompatibleOk)
    {
        if (ModulePath.MatchPathMajor(v, _pathMajor)) return v;
        if (incompatibleOk && Semver.Compare(Semver.Major(v), "v1") > 0) return v + "+incompatible";
        return null;
    }

    /// <summary>
    /// Checks a requested release against the repository and returns the version it is: itself,
    /// or, for a v2+ tag of a root module without module.mod and without a major suffix, the
    /// tag's <c>+incompatible</c> version (Go's <c>codeRepo.convert</c>: <c>@v4.1.2</c> resolves
    /// to <c>v4.1.2+incompatible</c>).
    /// </summary>
    private string CheckTaggedVersion(Commit commit, string requested, bool incompatibleOk)
    {
        bool plusIncompatible = Semver.Build(requested) == "+incompatible";
        if (plusIncompatible)
        {
            if (_pathMajor.Length > 0 || _codeDir.Length > 0)
                throw Invalid(requested, "+incompatible suffix not allowed: module path includes a major version suffix or is not at the repository root");
            if (!incompatibleOk)
                throw Invalid(requested,
                    $"+incompatible suffix not allowed: module contains a {ModFileName} file, so module path should be {_path}/{Semver.Major(requested)}");
            if (Semver.Compare(Semver.Major(requested), "v1") <= 0)
                throw Invalid(requested, $"+incompatible suffix not allowed: major version {Semver.Major(requested)} is compatible");
            return requested;
        }
        if (!ModulePath.MatchPathMajor(requested, _pathMajor))
        {
            if (incompatibleOk && Semver.Compare(Semver.Major(requested), "v1") > 0)
                return requested + ModuleVersion.Incompatible;
            if (_pathMajor.Length == 0)
                throw Invalid(requested,
                    $"module contains a {ModFileName} file, so module path must match major version (\"{_pathPrefix}/{Semver.Major(requested)}\")");
            throw Invalid(requested, ModulePath.PathMajorProblem(requested, _pathMajor)!);
        }
        FindDir(commit, requested); // the tag's module.mod must fit this module
        return requested;
    }

    private ModuleException Invalid(string version, string why) =>
        new(DiagnosticCodes.DirectVersionInvalid, $"{_path}@{version}: invalid version: {why}");

    /// <summary>The highest tag of this module reachable from <paramref name="commit"/>, not retracted: the base of its pseudo-version.</summary>
    private string RecentTag(Repository repo, Commit commit, bool incompatibleOk)
    {
        var candidates = new List<(string Version, ObjectId Id)>();
        foreach (var (tag, sha) in _repo.TagCommits(repo))
        {
            if (!tag.StartsWith(_tagPrefix, StringComparison.Ordinal)) continue;
            string v = tag[_tagPrefix.Length..];
            if (Semver.Canonical(v) != v || PseudoVersion.IsPseudoVersion(v)) continue;
            string? usable = Usable(v, incompatibleOk);
            if (usable is null || IsRetracted(repo, usable)) continue;
            candidates.Add((usable, sha));
        }
        candidates.Sort((a, b) => Semver.Compare(b.Version, a.Version));
        foreach (var (v, sha) in candidates)
            if (DescendsFrom(repo, commit, sha)) return v;
        return "";
    }

    private static bool DescendsFrom(Repository repo, Commit commit, ObjectId ancestorId)
    {
        if (commit.Id.Equals(ancestorId)) return true;
        var ancestor = repo.Lookup<Commit>(ancestorId);
        return ancestor is not null && repo.ObjectDatabase.FindMergeBase(commit, ancestor)?.Id.Equals(ancestorId) == true;
    }

    /// <summary>Whether the retractions of the module's latest version cover <paramref name="version"/> (Go skips those as pseudo-version bases).</summary>
    private bool IsRetracted(Repository repo, string version)
    {
        _retracted ??= LoadRetractions(repo);
        foreach (var r in _retracted)
            if (Semver.Compare(r.Low, version) <= 0 && Semver.Compare(version, r.High) <= 0) return true;
        return false;
    }

    private IReadOnlyList<VersionInterval> LoadRetractions(Repository repo)
    {
        try
        {
            var versions = Versions(repo, "");
            string? latest = versions.LastOrDefault(v => Semver.Prerelease(v).Length == 0) ?? versions.LastOrDefault();
            if (latest is null || Semver.Build(latest) == "+incompatible") return [];
            var commit = repo.Lookup<Commit>(_repo.TagCommits(repo)[_tagPrefix + latest]);
            var (_, mod) = FindDir(commit, latest);
            if (mod is null) return [];
            var file = ModuleFile.ParseLax(ModFileName, Encoding.UTF8.GetString(mod));
            return file.Retract.Select(r => r.Interval).ToList();
        }
        catch (ModuleException)
        {
            return []; // Go ignores errors loading retractions
        }
    }

    // ---- module files --------------------------------------------------------------------

    /// <summary>
    /// Where the module lives at <paramref name="commit"/> and its module file (null when there is
    /// none): Go's <c>codeRepo.findDir</c>. For a <c>/vN</c> path not at the repository root, both
    /// <c>dir/module.mod</c> declaring <c>/vN</c> and <c>dir/vN/module.mod</c> are accepted, not both.
    /// </summary>
    private (string Dir, byte[]? Mod) FindDir(Commit commit, string version)
    {
        string file1 = Join(_codeDir, ModFileName);
        var (mod1, mpath1) = ReadModFile(commit, file1);
        bool found1 = mod1 is not null && IsMajor(mpath1, _pathMajor);

        string? file2 = null;
        if (_pathMajor.Length > 0 && _codeRoot != _path && !_pathMajor.StartsWith('.'))
        {
            string dir2 = Join(_codeDir, _pathMajor[1..]);
            file2 = Join(dir2, ModFileName);
            var (mod2, mpath2) = ReadModFile(commit, file2);
            bool found2 = mod2 is not null && IsMajor(mpath2, _pathMajor);
            if (found1 && found2)
                throw Mismatch($"{_pathPrefix}/{file1} and ...{_pathMajor}/{ModFileName} both have ...{_pathMajor} module paths at revision {version}");
            if (found2) return (dir2, mod2);
            if (mod2 is not null)
            {
                if (string.IsNullOrEmpty(mpath2)) throw Mismatch($"{_codeRoot}/{file2} is missing module path at revision {version}");
                throw Mismatch($"{_codeRoot}/{file2} has non-...{_pathMajor} module path \"{mpath2}\" at revision {version}");
            }
        }

        if (found1) return (_codeDir, mod1);
        if (mod1 is not null)
        {
            string suffix = file2 is null ? "" : $" (and ...{_pathMajor}/{ModFileName} does not exist)";
            if (string.IsNullOrEmpty(mpath1)) throw Mismatch($"{file1} is missing module path{suffix} at revision {version}");
            if (_pathMajor.Length > 0) throw Mismatch($"{file1} has non-...{_pathMajor} module path \"{mpath1}\"{suffix} at revision {version}");
            if (!ModulePath.SplitPathVersion(mpath1, out _, out _))
                throw Mismatch($"{file1} has malformed module path \"{mpath1}\"{suffix} at revision {version}");
            throw Mismatch($"{file1} has post-{Semver.Major(version)} module path \"{mpath1}\"{suffix} at revision {version}");
        }
        if (_codeDir.Length == 0 && (_pathMajor.Length == 0 || _pathMajor.StartsWith('.'))) return ("", null);
        if (file2 is not null) throw Mismatch($"missing {_pathPrefix}/{ModFileName} and ...{_pathMajor}/{ModFileName} at revision {version}");
        throw Mismatch($"missing {_pathPrefix}/{ModFileName} at revision {version}");
    }

    private ModuleException Mismatch(string what) =>
        new(DiagnosticCodes.DeclaredPathMismatch, $"{_path}: {what}");

    private static bool IsMajor(string? mpath, string pathMajor)
    {
        if (string.IsNullOrEmpty(mpath)) return false;
        if (!ModulePath.SplitPathVersion(mpath, out _, out var mpathMajor)) return false;
        if (pathMajor.Length == 0) return mpathMajor is "" or ".v0" or ".v1";
        if (mpathMajor.Length == 0) return false;
        return pathMajor[1..] == mpathMajor[1..];
    }

    /// <summary>
    /// A module file at <paramref name="commit"/> and the path its <c>module</c> line declares, or
    /// nulls when there is none. Kept per blob: most tags of a module share their module file, and
    /// listing versions checks every tag's.
    /// </summary>
    private (byte[]? Mod, string? Path) ReadModFile(Commit commit, string path)
    {
        if (commit[path] is not { TargetType: TreeEntryTargetType.Blob, Mode: not Mode.SymbolicLink } entry) return (null, null);
        var id = entry.Target.Id;
        if (_modFiles.TryGetValue(id, out var known)) return known;
        var blob = (Blob)entry.Target;
        if (blob.Size > ModuleZip.MaxModFile)
            throw new ModuleException(DiagnosticCodes.DirectZipFailed, $"{path} at {commit.Sha[..12]} is larger than {ModuleZip.MaxModFile} bytes");
        byte[] mod;
        using (var s = blob.GetContentStream())
        using (var ms = new MemoryStream((int)blob.Size))
        {
            s.CopyTo(ms);
            mod = ms.ToArray();
        }
        var read = (mod, ModulePathOf(mod));
        _modFiles[id] = read;
        return read;
    }

    /// <summary>The path of a module file's <c>module</c> directive, "" when it has none or does not parse.</summary>
    internal static string ModulePathOf(byte[] mod)
    {
        try
        {
            return ModuleFile.ParseLax(ModFileName, Encoding.UTF8.GetString(mod)).Module?.Path ?? "";
        }
        catch (ModuleException)
        {
            return "";
        }
    }

    /// <summary>The module file Go synthesizes for a revision without one.</summary>
    private byte[] LegacyModFile() => Encoding.UTF8.GetBytes("module " + ModFileQuote(_path) + "\n");

    private static string ModFileQuote(string s) =>
        s.Length > 0
            && s.All(c => c > ' ' && c < 0x7f
                && c is not '"' and not '\'' and not '`' and not '(' and not ')' and not '[' and not ']' and not '{' and not '}' and not ',')
            && !s.Contains("//", StringComparison.Ordinal) && !s.Contains("/*", StringComparison.Ordinal)
            ? s : "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The files of the tree at <paramref name="dir"/>, paths relative to it, plus the root LICENSE for a subdirectory module that has none.</summary>
    private static List<IModuleFile> TreeFiles(Commit commit, string dir)
    {
        var files = new List<IModuleFile>();
        Tree? tree = dir.Length == 0 ? commit.Tree : commit[dir]?.Target as Tree;
        if (tree is not null) Walk(tree, "", files);
        if (dir.Length > 0 && !files.Any(f => f.Path == LicenseName)
            && commit[LicenseName] is { TargetType: TreeEntryTargetType.Blob, Mode: Mode.NonExecutableFile or Mode.ExecutableFile } license)
            files.Add(new GitTreeFile(LicenseName, (Blob)license.Target));
        return files;
    }

    private static void Walk(Tree tree, string prefix, List<IModuleFile> files)
    {
        foreach (var entry in tree)
        {
            string p = prefix + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree) Walk((Tree)entry.Target, p + "/", files);
            else files.Add(new GitTreeFile(p, entry));
        }
    }

    private static string Join(string dir, string name) => dir.Length == 0 ? name : dir + "/" + name;

    private static bool HasPathPrefix(string s, string prefix) =>
        s == prefix || (s.Length > prefix.Length && s.StartsWith(prefix, StringComparison.Ordinal) && s[prefix.Length] == '/');
}
