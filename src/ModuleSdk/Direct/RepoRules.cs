using ModuleSdk.Diagnostics;

namespace ModuleSdk.Direct;

/// <summary>
/// The <c>MODREPOS</c> mapping of SPEC §5: comma-separated <c>pattern=url</c> rules. A pattern is
/// a module path prefix whose elements are literal or <c>*</c> (exactly one element); the element
/// a <c>*</c> matched replaces the <c>*</c> of the URL (several <c>*</c> in order). The rule whose
/// pattern has the most elements wins (ties: the one with fewer <c>*</c>, then the first written); the path elements after the
/// pattern name a subdirectory or a <c>/vN</c> suffix. URLs may be <c>https://</c>, <c>ssh://</c>
/// (or scp-like <c>user@host:path</c>), <c>file://</c>, a local path (made absolute against the
/// working directory), or <c>http://</c> and <c>git://</c> for paths <c>MODINSECURE</c> allows
/// (<see cref="RepoUrlPolicy"/>). Other schemes and git's <c>transport::address</c> are refused
/// when the rules are parsed: libgit2 would run a program for them.
/// </summary>
public sealed class RepoRules
{
    /// <summary>The environment variable.</summary>
    public const string EnvironmentVariable = "MODREPOS";

    private readonly Rule[] _rules;

    private RepoRules(Rule[] rules) => _rules = rules;

    /// <summary>No rules.</summary>
    public static RepoRules Empty { get; } = new([]);

    /// <summary>The number of rules.</summary>
    public int Count => _rules.Length;

    private sealed record Rule(string[] Pattern, string Url, int Index);

    /// <summary>Parses a <c>MODREPOS</c> value; throws <see cref="DiagnosticCodes.InvalidRepoRules"/> on a malformed rule.</summary>
    public static RepoRules Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Empty;
        var rules = new List<Rule>();
        foreach (var raw in value.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0) continue;
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
                throw Invalid(item, "want pattern=url");
            var pattern = item[..eq].Trim().Trim('/');
            var url = item[(eq + 1)..].Trim();
            var elems = pattern.Split('/');
            if (elems.Any(e => e.Length == 0 || (e.Contains('*') && e != "*")))
                throw Invalid(item, "pattern elements must be literal path elements or a lone *");
            int stars = elems.Count(e => e == "*");
            if (url.Count(c => c == '*') > stars)
                throw Invalid(item, "the url has more * than the pattern");
            if (RepoUrlPolicy.SchemeOf(url) is null)
                throw Invalid(item,
                    "unsupported URL scheme (want https://, ssh://, user@host:path, file:// or a local path; " +
                    "http:// and git:// with " + RepoUrlPolicy.InsecureVariable + ")");
            rules.Add(new Rule(elems, url, rules.Count));
        }
        return new RepoRules(rules.ToArray());
    }

    private static ModuleException Invalid(string item, string why) =>
        new(DiagnosticCodes.InvalidRepoRules,
            $"invalid {EnvironmentVariable} rule \"{GitCredentials.StripUserInfo(item)}\": {why} (example: example.com/*=file:///srv/git/*.git)");

    /// <summary>The repository of <paramref name="modulePath"/> by the longest matching rule, or null.</summary>
    public RepoRoot? Match(string modulePath)
    {
        var elems = modulePath.Split('/');
        Rule? best = null;
        string[]? bestStars = null;
        foreach (var rule in _rules)
        {
            if (rule.Pattern.Length > elems.Length) continue;
            if (best is not null && (rule.Pattern.Length < best.Pattern.Length
                || (rule.Pattern.Length == best.Pattern.Length && Stars(rule) >= Stars(best)))) continue;
            var stars = new List<string>();
            bool ok = true;
            for (int i = 0; i < rule.Pattern.Length && ok; i++)
            {
                if (rule.Pattern[i] == "*") stars.Add(elems[i]);
                else ok = rule.Pattern[i] == elems[i];
            }
            if (!ok) continue;
            best = rule;
            bestStars = stars.ToArray();
        }
        if (best is null) return null;
        var url = best.Url;
        foreach (var s in bestStars!)
        {
            int i = url.IndexOf('*');
            if (i < 0) break;
            url = string.Concat(url.AsSpan(0, i), s, url.AsSpan(i + 1));
        }
        return new RepoRoot(string.Join('/', elems, 0, best.Pattern.Length), NormalizeLocal(url));
    }

    private static int Stars(Rule r) => r.Pattern.Count(e => e == "*");

    // A local path becomes absolute, so that the same repository has one cache entry whatever
    // the working directory was.
    private static string NormalizeLocal(string url)
    {
        if (url.Contains("://", StringComparison.Ordinal)) return url;
        if (RepoUrlPolicy.SchemeOf(url) != "file") return url; // scp-like git@host:repo
        return Path.GetFullPath(url);
    }
}
