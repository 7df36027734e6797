using System.Diagnostics;
using System.Text;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace ModuleSdk.Direct;

/// <summary>
/// Credentials for private repositories, tried in this order when a server asks for them:
/// the user information of the repository URL (a <c>MODREPOS</c> rule such as
/// <c>https://user:token@host/*.git</c>); the token in <c>MODGITTOKEN</c> (else <c>GIT_TOKEN</c>),
/// sent as the password of user <c>MODGITUSER</c> (default <c>x-access-token</c>, which GitHub,
/// GitLab and Azure DevOps all accept with a personal access token), but only over https and
/// only to hosts matching <c>MODGITTOKENHOSTS</c>; the user's git credential helpers, asked
/// through <c>git credential fill</c> for https URLs when <c>git</c> is installed (never
/// prompting). Credentials are never printed: URLs are shown and cached without user information.
/// </summary>
/// <remarks>
/// A token is a secret for the hosts it was issued by. Module paths, and through them the
/// <c>?go-get=1</c> pages that name repositories, are chosen by whoever wrote a dependency's
/// <c>module.mod</c>; so the token goes only where the user said it may (as git's
/// <c>credential.&lt;url&gt;</c> and Go's netrc scope credentials by host), and never over plain
/// http, where anyone on the path could read it.
/// </remarks>
public sealed class GitCredentials
{
    /// <summary>The environment variable holding a token for every direct-mode host.</summary>
    public const string TokenVariable = "MODGITTOKEN";

    /// <summary>The fallback token variable.</summary>
    public const string FallbackTokenVariable = "GIT_TOKEN";

    /// <summary>The user name sent with the token.</summary>
    public const string UserVariable = "MODGITUSER";

    /// <summary>The user name sent with a token when <see cref="UserVariable"/> is not set.</summary>
    public const string DefaultTokenUser = "x-access-token";

    /// <summary>
    /// The environment variable of the hosts the token may be sent to: comma-separated globs of
    /// Go's <c>path.Match</c> syntax matched against the host, or <c>host:port</c> (for example
    /// <c>github.com,*.corp.example</c>). Unset: the token is sent nowhere.
    /// </summary>
    public const string TokenHostsVariable = "MODGITTOKENHOSTS";

    private readonly string? _tokenHosts;

    private readonly string? _token;
    private readonly string _tokenUser;
    private readonly bool _useHelpers;
    private readonly IReadOnlyDictionary<string, string?>? _helperEnvironment;

    /// <summary>
    /// Creates the provider. <paramref name="environment"/> supplies the token variables (null: the
    /// process environment) and, when given, the environment <c>git credential</c> runs in.
    /// </summary>
    public GitCredentials(IReadOnlyDictionary<string, string?>? environment = null, bool useCredentialHelpers = true)
    {
        string? Get(string name) => environment is null ? Environment.GetEnvironmentVariable(name)
            : environment.TryGetValue(name, out var v) ? v : null;
        _token = NullIfEmpty(Get(TokenVariable)) ?? NullIfEmpty(Get(FallbackTokenVariable));
        _tokenUser = NullIfEmpty(Get(UserVariable)) ?? DefaultTokenUser;
        _tokenHosts = NullIfEmpty(Get(TokenHostsVariable)?.Trim());
        _useHelpers = useCredentialHelpers;
        _helperEnvironment = environment;
    }

    /// <summary>No credentials at all (public repositories, tests).</summary>
    public static GitCredentials None { get; } = new(new Dictionary<string, string?>(), useCredentialHelpers: false);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The user name and password for <paramref name="url"/>, or null when there are none.</summary>
    public (string User, string Password)? Find(string url)
    {
        var (user, password) = UserInfo(url);
        if (password is not null) return (user ?? DefaultTokenUser, password);
        if (_token is not null && TokenAllowed(url)) return (user ?? _tokenUser, _token);
        if (_useHelpers) return FromHelper(url, user);
        return null;
    }

    /// <summary>Whether the token may be sent to <paramref name="url"/>: https, and a host <c>MODGITTOKENHOSTS</c> names.</summary>
    public bool TokenAllowed(string url)
    {
        if (_tokenHosts is null) return false;
        if (!Uri.TryCreate(StripUserInfo(url), UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps || u.Host.Length == 0) return false;
        foreach (var raw in _tokenHosts.Split(','))
        {
            var pattern = raw.Trim();
            if (pattern.Length == 0) continue;
            if (Modules.PathPatterns.Match(pattern, u.Host) || Modules.PathPatterns.Match(pattern, u.Host + ":" + u.Port)) return true;
        }
        return false;
    }

    /// <summary>
    /// A LibGit2Sharp credentials callback for one operation. It answers once: when the server
    /// refuses what it was given, the operation fails instead of asking again forever.
    /// </summary>
    internal CredentialsHandler Handler(string url)
    {
        int calls = 0;
        return (askedUrl, _, _) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
                throw new LibGit2SharpException("authentication failed (the credentials were refused)");
            // libgit2 names the URL it is authenticating to, which after a redirect is not the
            // configured one: credentials are for the configured URL's server only.
            if (askedUrl is not null && !SameServer(askedUrl, url)) return new DefaultCredentials();
            var found = Find(url);
            return found is { } c ? new UsernamePasswordCredentials { Username = c.User, Password = c.Password } : new DefaultCredentials();
        };
    }

    private static bool SameServer(string a, string b) =>
        Uri.TryCreate(StripUserInfo(a), UriKind.Absolute, out var ua) && Uri.TryCreate(StripUserInfo(b), UriKind.Absolute, out var ub)
            ? ua.Scheme == ub.Scheme && string.Equals(ua.Host, ub.Host, StringComparison.OrdinalIgnoreCase) && ua.Port == ub.Port
            : string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>The URL without user information (<c>https://user:pw@host/p</c> becomes <c>https://host/p</c>).</summary>
    public static string StripUserInfo(string url) => Fetching.UrlText.StripUserInfo(url);

    private static (string? User, string? Password) UserInfo(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return (null, null);
        int start = scheme + 3;
        int end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = url.Length;
        int at = url.LastIndexOf('@', end - 1, end - start);
        if (at < 0) return (null, null);
        var info = url[start..at];
        int colon = info.IndexOf(':');
        return colon < 0 ? (Uri.UnescapeDataString(info), null) : (Uri.UnescapeDataString(info[..colon]), Uri.UnescapeDataString(info[(colon + 1)..]));
    }

    // git's credential protocol: key=value lines on stdin, an empty line ends them; the answer
    // has the same form. GIT_TERMINAL_PROMPT=0 keeps git from asking on the terminal.
    private (string User, string Password)? FromHelper(string url, string? user)
    {
        // Never over plain http: a helper's password would cross the network in the clear.
        if (!Uri.TryCreate(StripUserInfo(url), UriKind.Absolute, out var uri) || uri.Scheme != "https") return null;
        var psi = new ProcessStartInfo("git", ["credential", "fill"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_helperEnvironment is not null)
            foreach (var (k, v) in _helperEnvironment)
                psi.Environment[k] = v;
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GIT_ASKPASS"] = "";
        psi.Environment["SSH_ASKPASS"] = "";
        try
        {
            using var p = Process.Start(psi);
            if (p is null) return null;
            var input = new StringBuilder();
            input.Append("protocol=").Append(uri.Scheme).Append('\n');
            input.Append("host=").Append(uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port).Append('\n');
            input.Append("path=").Append(uri.AbsolutePath.TrimStart('/')).Append('\n');
            if (user is not null) input.Append("username=").Append(user).Append('\n');
            input.Append('\n');
            p.StandardInput.Write(input.ToString());
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(10_000)) { try { p.Kill(); } catch (InvalidOperationException) { } return null; }
            if (p.ExitCode != 0) return null;
            string? u = null, pw = null;
            foreach (var line in stdout.Result.Split('\n'))
            {
                if (line.StartsWith("username=", StringComparison.Ordinal)) u = line["username=".Length..];
                else if (line.StartsWith("password=", StringComparison.Ordinal)) pw = line["password=".Length..];
            }
            return pw is null ? null : (u ?? user ?? DefaultTokenUser, pw);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: no helpers to ask
        }
    }
}
