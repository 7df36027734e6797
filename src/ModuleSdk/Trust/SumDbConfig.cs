using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.SumDb;

namespace ModuleSdk.Trust;

/// <summary>
/// The checksum database a client consults (Go's <c>GOSUMDB</c>/<c>GONOSUMDB</c>, here
/// <c>MODSUMDB</c>/<c>MODNOSUMDB</c>): <c>off</c>, or <c>&lt;name&gt;+&lt;hash&gt;+&lt;key&gt; [url]</c>,
/// the verifier key <c>modproxy keygen</c> prints, optionally followed by the database's URL.
/// Unset means off: Go's default, sum.golang.org, logs Go modules and is not reachable from
/// where .NET modules are built, and ModuleSdk has no public log to default to (SPEC §11); a
/// team turns the database on by configuring its own log's key. Without a URL the database is
/// reached through the first <c>MODPROXY</c> proxy that answers <c>/sumdb/&lt;name&gt;/supported</c>,
/// else at <c>https://&lt;name&gt;</c>; an explicit URL bypasses the proxies, as in Go.
/// </summary>
/// <param name="Name">The database's name (<c>sum.example.com</c>), from the key.</param>
/// <param name="VerifierKey">The verifier key as configured.</param>
/// <param name="Url">The explicit URL, or null.</param>
/// <param name="NoSumDb">The path globs never looked up (<c>MODNOSUMDB</c>, defaulting to <c>MODPRIVATE</c>).</param>
public sealed record SumDbConfig(string Name, string VerifierKey, Uri? Url, string NoSumDb)
{
    /// <summary>The environment variable naming the database.</summary>
    public const string Variable = "MODSUMDB";

    /// <summary>The environment variable of the paths never looked up.</summary>
    public const string NoSumDbVariable = "MODNOSUMDB";

    /// <summary>The verifier of the database's signed notes.</summary>
    public NoteVerifier Verifier { get; } = NoteVerifier.Parse(VerifierKey);

    /// <summary>Where the database is when no proxy serves it: the explicit URL, else <c>https://&lt;name&gt;</c>.</summary>
    public Uri DirectUrl => Url ?? new Uri("https://" + Name);

    /// <summary>
    /// Parses the settings; null when the database is off (<c>off</c>, unset or empty). Throws
    /// MOD6703 for a malformed value, MOD6601 for a malformed key.
    /// </summary>
    /// <param name="sumDb"><c>MODSUMDB</c>.</param>
    /// <param name="noSumDb"><c>MODNOSUMDB</c>; when null or empty, <paramref name="private"/> is used, as Go defaults GONOSUMDB to GOPRIVATE.</param>
    /// <param name="private"><c>MODPRIVATE</c>.</param>
    public static SumDbConfig? Parse(string? sumDb, string? noSumDb, string? @private)
    {
        if (string.IsNullOrWhiteSpace(sumDb) || sumDb.Trim() == "off") return null;
        var fields = sumDb.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length > 2) throw Invalid(sumDb, "too many fields");
        if (!fields[0].Contains('+'))
            throw Invalid(sumDb, $"\"{fields[0]}\" is a name without a key; ModuleSdk knows no database by name, " +
                "so give its verifier key (<name>+<hash>+<key>, as `modproxy keygen` prints it)");
        var verifier = NoteVerifier.Parse(fields[0]);
        string name = verifier.Name;
        // As Go: the name must be host[/path], since it is also the direct URL.
        if (name.EndsWith('/') || name.IndexOfAny(['?', '#', '@', '\\', ':']) >= 0 ||
            !Uri.TryCreate("https://" + name, UriKind.Absolute, out var direct) || direct.Host.Length == 0)
            throw Invalid(sumDb, $"invalid database name (must be host[/path]): {name}");
        Uri? url = null;
        if (fields.Length == 2)
        {
            if (!Uri.TryCreate(fields[1], UriKind.Absolute, out url) || url.Scheme is not ("https" or "http" or "file"))
                throw Invalid(sumDb, $"invalid database URL \"{Fetching.UrlRedaction.Redact(fields[1])}\": want https://, http:// or file://");
        }
        string patterns = string.IsNullOrEmpty(noSumDb) ? @private ?? "" : noSumDb;
        return new SumDbConfig(name, fields[0], url, patterns);
    }

    /// <summary>The settings from an environment (<c>MODSUMDB</c>, <c>MODNOSUMDB</c>, <c>MODPRIVATE</c>).</summary>
    public static SumDbConfig? FromEnvironment(IReadOnlyDictionary<string, string?> env) =>
        Parse(env.GetValueOrDefault(Variable), env.GetValueOrDefault(NoSumDbVariable), env.GetValueOrDefault("MODPRIVATE"));

    /// <summary>Whether <paramref name="path"/> is never looked up (it matches <see cref="NoSumDb"/>).</summary>
    public bool Skips(string path) => PathPatterns.MatchPrefixPatterns(NoSumDb, path);

    private static ModuleException Invalid(string value, string why) =>
        new(DiagnosticCodes.SumDbConfigInvalid, $"invalid {Variable}: {why} (MODSUMDB is off, or <name>+<hash>+<key> [url])");
}
