using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using ModuleSdk.IO;
using ModuleSdk.Cache;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Direct;

/// <summary>
/// One repository's bare clone in the module cache (<c>cache/vcs/&lt;hash&gt;</c>, Go's
/// <c>codehost.WorkDir</c>), read and fetched with LibGit2Sharp. The clone mirrors the remote's
/// branches and tags (<c>+refs/heads/*</c>, <c>+refs/tags/*</c>, forced, so a re-pointed tag is
/// seen as it is now and the <c>module.sum</c> check catches a changed tree). It is fetched only when
/// needed: when <see cref="SyncAsync"/> finds the remote's refs differ from the clone's (one
/// cheap ls-remote per process), or when a revision asked for is missing. Initialisation and
/// fetches hold the clone's lock file (<see cref="FileLock"/>), so several processes can share
/// it; readers need no lock because git writes objects before the refs that name them.
/// A LibGit2Sharp <see cref="Repository"/> is not thread-safe, so in-process use is serialised.
/// </summary>
internal sealed class GitRepo : IDisposable
{
    private static readonly string[] RefSpecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

    private readonly string _url; // may carry credentials: never shown, never stored
    private readonly GitCredentials _credentials;
    private readonly TimeSpan _lockTimeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Repository? _repo;
    private readonly TimeSpan? _syncInterval;
    private bool _synced;
    private long _syncedAt;
    private Dictionary<string, ObjectId>? _tagCommits;

    public GitRepo(string url, string directory, GitCredentials credentials, TimeSpan lockTimeout, TimeSpan? syncInterval = null)
    {
        _syncInterval = syncInterval;
        _url = url;
        DisplayUrl = GitCredentials.StripUserInfo(url);
        Directory_ = directory;
        _credentials = credentials;
        _lockTimeout = lockTimeout;
    }

    /// <summary>The URL as shown in messages and Origins.</summary>
    public string DisplayUrl { get; }

    /// <summary>The bare clone's directory.</summary>
    public string Directory_ { get; }

    private string LockPath => Directory_ + ".lock";

    /// <summary>Runs <paramref name="action"/> on the open clone, one caller at a time.</summary>
    public async Task<T> UseAsync<T>(Func<Repository, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return action(Open(cancellationToken));
        }
        catch (LibGit2SharpException e)
        {
            throw Failed("reading", e);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Brings the clone up to date with the remote, once per instance, or once per sync interval
    /// when one is set (unless <paramref name="force"/>): lists the remote's refs and fetches only
    /// when they differ from the clone's.
    /// </summary>
    public async Task SyncAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_synced && !force && (_syncInterval is not { } every || Stopwatch.GetElapsedTime(_syncedAt) < every)) return;
            var repo = Open(cancellationToken);
            var remote = ListRemote(repo);
            if (!SameRefs(repo, remote))
            {
                using var held = FileLock.Acquire(LockPath, _lockTimeout, cancellationToken);
                // Another process may have fetched while we waited for the lock.
                if (!SameRefs(repo, remote)) Fetch(repo, remote);
            }
            _tagCommits = null;
            _synced = true;
            _syncedAt = Stopwatch.GetTimestamp();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Fetches one object by its full hash, for a commit that no advertised ref reaches: from a
    /// local repository by copying its objects, else by asking the server for that id (which
    /// servers grant only with <c>uploadpack.allowAnySHA1InWant</c> or its relatives). Reports
    /// whether the clone has the object afterwards; a refusal is not an error here.
    /// </summary>
    public async Task<bool> FetchObjectAsync(string sha, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var repo = Open(cancellationToken);
            var id = new ObjectId(sha);
            if (repo.ObjectDatabase.Contains(id)) return true;
            using var held = FileLock.Acquire(LockPath, _lockTimeout, cancellationToken);
            if (LocalObjectCopy.GitDirectory(_url) is { } source)
            {
                try
                {
                    LocalObjectCopy.Copy(source, Directory_);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            }
            else
            {
                GitNetwork.EnsureConfigured();
                try
                {
                    EnsureOrigin(repo);
                    Commands.Fetch(repo, "origin", [sha],
                        new FetchOptions { TagFetchMode = TagFetchMode.None, CredentialsProvider = _credentials.Handler(_url) }, "modulesdk fetch " + sha);
                }
                catch (LibGit2SharpException)
                {
                    return false; // "want ... not our ref": the caller says what that means
                }
            }
            return repo.ObjectDatabase.Contains(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the clone has been synced in this process.</summary>
    public bool Synced => _synced;

    /// <summary>
    /// Tag name (without <c>refs/tags/</c>) → commit id, annotated tags peeled (ids, not hex
    /// strings: formatting and parsing 40-digit hashes was a tenth of listing versions). Call
    /// inside <see cref="UseAsync"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ObjectId> TagCommits(Repository repo)
    {
        if (_tagCommits is not null) return _tagCommits;
        var map = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        foreach (var r in repo.Refs.FromGlob("refs/tags/*"))
        {
            var direct = r.ResolveToDirectReference();
            if (PeelToCommit(direct?.Target) is { } c) map[r.CanonicalName["refs/tags/".Length..]] = c.Id;
        }
        return _tagCommits = map;
    }

    /// <summary>The commit an object names (annotated tags followed), or null for trees and blobs.</summary>
    public static Commit? PeelToCommit(GitObject? o)
    {
        for (int depth = 0; depth < 16; depth++)
        {
            switch (o)
            {
                case Commit c: return c;
                case TagAnnotation t: o = t.Target; break;
                default: return null;
            }
        }
        return null;
    }

    private Repository Open(CancellationToken cancellationToken)
    {
        if (_repo is not null) return _repo;
        NativeGit.EnsureLoaded();
        if (!Repository.IsValid(Directory_))
        {
            using var held = FileLock.Acquire(LockPath, _lockTimeout, cancellationToken);
            if (!Repository.IsValid(Directory_))
            {
                // A crash mid-init leaves a directory that is not a repository: start it afresh.
                if (Directory.Exists(Directory_)) Directory.Delete(Directory_, recursive: true);
                Directory.CreateDirectory(Path.GetDirectoryName(Directory_)!);
                string temp = Directory_ + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
                Repository.Init(temp, isBare: true);
                Directory.Move(temp, Directory_);
                // Go's <dir>.info names the repository a cache directory belongs to (no credentials).
                AtomicFile.WriteAllBytes(Directory_ + ".info", Encoding.UTF8.GetBytes("git " + DisplayUrl + "\n"));
            }
        }
        _repo = new Repository(Directory_);
        ConfigureSsh(_repo);
        return _repo;
    }

    /// <summary>Where the ssh client's own messages go (beside the clone, as Go's <c>.info</c> and <c>.lock</c>).</summary>
    private string SshLog => Directory_ + ".ssh-stderr";

    /// <summary>
    /// libgit2 runs the ssh client (<c>core.sshCommand</c>, else <c>ssh</c>) with its stderr on
    /// ours, so the client's raw messages ("ssh: connect to host ...") would land on the user's
    /// terminal or in the build log beside ModuleSdk's own. The clone's <c>core.sshCommand</c> is
    /// a two-line wrapper that sends them to <see cref="SshLog"/> instead; <see cref="Failed"/>
    /// quotes the last one in the coded error. <c>BatchMode</c> keeps ssh from prompting, which
    /// would hang a build. A <c>GIT_SSH</c> the user set takes precedence (libgit2 reads it first).
    /// </summary>
    private void ConfigureSsh(Repository repo)
    {
        if (OperatingSystem.IsWindows() || RepoUrlPolicy.SchemeOf(_url) != "ssh") return;
        string wrapper = Directory_ + ".ssh";
        string script = "#!/bin/sh\nexec ssh -o BatchMode=yes \"$@\" 2>'" + SshLog.Replace("'", "'\\''", StringComparison.Ordinal) + "'\n";
        if (!File.Exists(wrapper) || File.ReadAllText(wrapper) != script)
        {
            AtomicFile.WriteAllBytes(wrapper, Encoding.UTF8.GetBytes(script));
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (repo.Config.Get<string>("core.sshCommand", ConfigurationLevel.Local)?.Value != wrapper)
            repo.Config.Set("core.sshCommand", wrapper, ConfigurationLevel.Local);
    }

    // The ssh client's last message, one line, for an error (never a password: BatchMode asks for none).
    private string? LastSshMessage()
    {
        if (RepoUrlPolicy.SchemeOf(_url) != "ssh") return null;
        try
        {
            var lines = File.ReadAllLines(SshLog).Select(l => new string(l.Where(c => !char.IsControl(c)).ToArray()).Trim()).Where(l => l.Length > 0).ToList();
            if (lines.Count == 0) return null;
            var last = lines[^1];
            return last.Length > 300 ? last[..300] + "..." : last;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record RemoteRef(string Name, string Target, bool Symbolic);

    // Listed through the clone (not a detached remote) so that libgit2 reads the clone's
    // core.sshCommand (ConfigureSsh).
    private List<RemoteRef> ListRemote(Repository repo)
    {
        GitNetwork.EnsureConfigured();
        try
        {
            var refs = new List<RemoteRef>();
            foreach (var r in repo.Network.ListReferences(GitCredentials.StripUserInfo(_url), _credentials.Handler(_url)))
            {
                if (r.CanonicalName == "HEAD")
                {
                    if (r is SymbolicReference s && s.TargetIdentifier is { } t) refs.Add(new RemoteRef("HEAD", t, true));
                    else refs.Add(new RemoteRef("HEAD", r.TargetIdentifier, false));
                }
                else if ((r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal)
                        || r.CanonicalName.StartsWith("refs/tags/", StringComparison.Ordinal))
                    && !r.CanonicalName.EndsWith("^{}", StringComparison.Ordinal))
                {
                    refs.Add(new RemoteRef(r.CanonicalName, r.TargetIdentifier, false));
                }
            }
            return refs;
        }
        catch (LibGit2SharpException e)
        {
            throw Failed("listing refs of", e);
        }
    }

    private static bool SameRefs(Repository repo, List<RemoteRef> remote)
    {
        var local = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in repo.Refs)
            if (r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) || r.CanonicalName.StartsWith("refs/tags/", StringComparison.Ordinal))
                local[r.CanonicalName] = r.TargetIdentifier;
        int count = 0;
        foreach (var r in remote)
        {
            if (r.Name == "HEAD")
            {
                if (r.Symbolic && repo.Refs.Head?.TargetIdentifier != r.Target) return false;
                continue;
            }
            count++;
            if (!local.TryGetValue(r.Name, out var t) || t != r.Target) return false;
        }
        return count == local.Count;
    }

    private void Fetch(Repository repo, List<RemoteRef> remote)
    {
        try
        {
            if (remote.Any(r => r.Name != "HEAD") && !TryCopyLocal(repo, remote))
            {
                var options = new FetchOptions { TagFetchMode = TagFetchMode.None, CredentialsProvider = _credentials.Handler(_url) };
                EnsureOrigin(repo);
                Commands.Fetch(repo, "origin", RefSpecs, options, "modulesdk fetch");
            }
        }
        catch (LibGit2SharpException e)
        {
            throw Failed("fetching", e);
        }
        // Mirror deletions: a tag or branch gone from the remote is gone here too.
        var names = remote.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var r in repo.Refs.ToList())
            if ((r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) || r.CanonicalName.StartsWith("refs/tags/", StringComparison.Ordinal))
                && !names.Contains(r.CanonicalName))
                repo.Refs.Remove(r);
        // The remote's default branch becomes HEAD here: @latest without tags follows it.
        var head = remote.FirstOrDefault(r => r.Name == "HEAD");
        string? branch = head is { Symbolic: true } ? head.Target
            : head is not null ? remote.Where(r => r.Name.StartsWith("refs/heads/", StringComparison.Ordinal) && r.Target == head.Target)
                .Select(r => r.Name).OrderBy(n => n is "refs/heads/main" or "refs/heads/master" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (branch is not null && repo.Refs[branch] is { } target) repo.Refs.UpdateTarget(repo.Refs.Head, target);
    }

    // A remote named "origin" with the URL stripped of credentials (the clone's directory is keyed
    // by that same URL); credentials come only from the callback.
    private void EnsureOrigin(Repository repo)
    {
        string url = GitCredentials.StripUserInfo(_url);
        var origin = repo.Network.Remotes["origin"];
        if (origin is null) repo.Network.Remotes.Add("origin", url);
        else if (origin.Url != url) repo.Network.Remotes.Update("origin", r => r.Url = url);
    }

    /// <summary>
    /// For a repository on this machine: copies its objects (<see cref="LocalObjectCopy"/>) and
    /// points the refs at the remote's targets. False, with nothing changed but extra objects,
    /// when the repository is not local or some target did not arrive: then a real fetch follows.
    /// </summary>
    private bool TryCopyLocal(Repository repo, List<RemoteRef> remote)
    {
        if (LocalObjectCopy.GitDirectory(_url) is not { } source) return false;
        try
        {
            LocalObjectCopy.Copy(source, Directory_);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var odb = repo.ObjectDatabase;
        foreach (var r in remote)
            if (r.Name != "HEAD" && !odb.Contains(new ObjectId(r.Target))) return false;
        foreach (var r in remote)
        {
            if (r.Name == "HEAD") continue;
            if (repo.Refs[r.Name]?.TargetIdentifier != r.Target)
                repo.Refs.Add(r.Name, new ObjectId(r.Target), "modulesdk fetch", allowOverwrite: true);
        }
        return true;
    }

    /// <summary>A git failure as a module error: "not found" when the repository does not exist, else <see cref="DiagnosticCodes.GitFailed"/>.</summary>
    public ModuleException Failed(string doing, Exception e)
    {
        // libgit2's messages can quote the URL it was given; that URL never has credentials,
        // but strip any that a server echoed back, to be safe.
        string detail = GitCredentials.StripUserInfo(e.Message.Trim());
        bool missing = e is RepositoryNotFoundException || detail.Contains("not found", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("could not find repository", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("status code: 404", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("failed to resolve path", StringComparison.OrdinalIgnoreCase)
            || detail.Contains("not a git repository", StringComparison.OrdinalIgnoreCase);
        string message = $"git {doing} {DisplayUrl}: {detail}";
        if (LastSshMessage() is { } ssh)
        {
            message += $" ({ssh})";
            detail += " " + ssh;
        }
        if (!missing && IsUnreachable(detail))
        {
            string bounds = GitNetwork.Current is var (connect, read)
                ? $": no connection within {connect.TotalSeconds:0.###} s or no answer within {read.TotalSeconds:0.###} s" : "";
            return new ModuleException(DiagnosticCodes.RepositoryUnreachable,
                $"{message} (host unreachable{bounds}; check the URL and the network, or put a module proxy before direct in MODPROXY)", e);
        }
        return missing
            ? new DirectNotFoundException(DiagnosticCodes.RepositoryNotFound,
                message + " (the repository does not exist, or is private: set MODGITTOKEN and MODGITTOKENHOSTS, or configure a git credential helper)", e)
            : new ModuleException(DiagnosticCodes.GitFailed, message, e);
    }

    // libgit2's socket and HTTP transports word these failures this way (libgit2 1.8); they all
    // mean that no git server answered, as opposed to one that answered with an error.
    private static bool IsUnreachable(string detail) =>
        detail.Contains("failed to connect", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("failed to resolve address", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("connection refused", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("unreachable", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("no route to host", StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        _repo?.Dispose();
        _gate.Dispose();
    }
}
