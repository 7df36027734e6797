using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Proxy.Policy;

/// <summary>
/// Athens' filter file: one rule per line, <c>#</c> comments. <c>+ path</c> includes,
/// <c>- path</c> excludes, <c>D path</c> sends clients direct; a sign alone sets the default
/// (include when there is none). A path covers itself and everything below it (by whole path
/// elements); the rule of the longest matching path wins. A rule may end with a comma-separated
/// version list (<c>- example.com/lib v1.2.0,v1.3</c>): it then applies only to those versions
/// (an entry matches the version itself, or a version prefix at a <c>.</c> or <c>-</c>
/// boundary: <c>v1.3</c> covers <c>v1.3.0</c> and <c>v1.3.7</c>, not <c>v1.30.0</c>), and other
/// versions fall to the rule of a shorter path. Lists and <c>@latest</c> are judged by the rule
/// without versions.
/// </summary>
public sealed class FilterRules
{
    private sealed record Rule(string Path, FilterDecision Decision, string[]? Versions);

    private readonly List<Rule> _rules; // longest path first
    private readonly FilterDecision _default;

    private FilterRules(List<Rule> rules, FilterDecision @default)
    {
        _rules = rules;
        _default = @default;
    }

    /// <summary>No rules: everything included.</summary>
    public static FilterRules IncludeAll { get; } = new([], FilterDecision.Include);

    /// <summary>Parses a filter file's text; <paramref name="file"/> names it in errors (MOD6504, with the line).</summary>
    public static FilterRules Parse(string text, string file)
    {
        var rules = new List<Rule>();
        var @default = FilterDecision.Include;
        int lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            ModuleException Bad(string why) => new(DiagnosticCodes.ProxyFilterFileInvalid,
                $"{file}:{lineNo}: {why}: \"{line}\" (want \"+ path\", \"- path\" or \"D path\", optionally followed by versions such as v1.2.0,v1.3)");
            if (fields.Length > 3) throw Bad("too many fields");
            var decision = fields[0] switch
            {
                "+" => FilterDecision.Include,
                "-" => FilterDecision.Exclude,
                "D" => FilterDecision.Direct,
                _ => throw Bad("unknown rule sign"),
            };
            if (fields.Length == 1)
            {
                @default = decision;
                continue;
            }
            string path = fields[1].Trim('/');
            string[]? versions = null;
            if (fields.Length == 3)
            {
                versions = fields[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var v in versions)
                    if (!v.StartsWith('v')) throw Bad($"version \"{v}\" does not start with v");
            }
            rules.Add(new Rule(path, decision, versions));
        }
        rules.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
        return new FilterRules(rules, @default);
    }

    /// <summary>The decision for a module, or for one version of it (<paramref name="version"/> null: the module as a whole).</summary>
    public FilterDecision Decide(string path, string? version)
    {
        foreach (var r in _rules)
        {
            if (!Covers(r.Path, path)) continue;
            if (r.Versions is null) return r.Decision;
            if (version is not null && r.Versions.Any(v => VersionMatches(v, version))) return r.Decision;
        }
        return _default;
    }

    private static bool Covers(string rule, string path) =>
        path.Length == rule.Length ? path == rule
        : path.Length > rule.Length && path.StartsWith(rule, StringComparison.Ordinal) && path[rule.Length] == '/';

    private static bool VersionMatches(string entry, string version)
    {
        if (version == entry) return true;
        if (!version.StartsWith(entry, StringComparison.Ordinal)) return false;
        char next = version[entry.Length];
        return next is '.' or '-' or '+';
    }

    /// <summary>Whether <paramref name="version"/> is a version this proxy would ever be asked for by name.</summary>
    internal static bool IsVersion(string version) => Semver.IsValid(version);
}
