using System.Text;

namespace ModuleSdk.BuildInfo;

/// <summary>
/// The module information stamped into a built assembly (Go's <c>runtime/debug.BuildInfo</c>):
/// the main package path, the module the assembly belongs to, the build list it was compiled
/// with (main assemblies only) and build settings. Its text form is Go's, line for line, so
/// <c>dotnet mod version -m</c> prints what <c>go version -m</c> would:
/// <code>
/// path	example.com/app
/// mod	example.com/app	(devel)	
/// dep	example.com/lib	v1.2.0	h1:...
/// dep	example.com/old	v1.0.0
/// =>	example.com/new	v1.1.0	h1:...
/// build	Configuration=Release
/// </code>
/// </summary>
/// <param name="Path">The path of the assembly's module (Go's main package path).</param>
/// <param name="Main">The module the assembly belongs to.</param>
/// <param name="Deps">The other modules of the build list, sorted by path.</param>
/// <param name="Settings">Build settings as key/value pairs, in order.</param>
public sealed record ModuleBuildInfo(string Path, BuildModule Main, IReadOnlyList<BuildModule> Deps, IReadOnlyList<KeyValuePair<string, string>> Settings)
{
    /// <summary>The <c>AssemblyMetadata</c> key the text form is stored under.</summary>
    public const string MetadataKey = "ModuleSdk.BuildInfo";

    /// <summary>The version recorded for the main module and directory replacements (Go's wording).</summary>
    public const string DevelVersion = "(devel)";

    /// <summary>The text form (Go's <c>BuildInfo.String</c>), lines ending in <c>\n</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Path.Length > 0) sb.Append("path\t").Append(Path).Append('\n');
        AppendModule(sb, "mod", Main);
        foreach (var d in Deps) AppendModule(sb, "dep", d);
        foreach (var (key, value) in Settings) sb.Append("build\t").Append(QuoteKey(key)).Append('=').Append(QuoteValue(value)).Append('\n');
        return sb.ToString();
    }

    private static void AppendModule(StringBuilder sb, string word, BuildModule m)
    {
        sb.Append(word).Append('\t').Append(m.Path).Append('\t').Append(m.Version);
        // Go always writes the sum's tab, even for an empty sum: "mod\tpath\t(devel)\t".
        if (m.Replace is null) sb.Append('\t').Append(m.Sum);
        else sb.Append("\n=>\t").Append(m.Replace.Path).Append('\t').Append(m.Replace.Version).Append('\t').Append(m.Replace.Sum);
        sb.Append('\n');
    }

    // Go quotes keys and values that contain spaces, tabs, quotes, newlines or (keys) '='.
    private static string QuoteKey(string key) => NeedsQuote(key) || key.Contains('=') ? Quote(key) : key;
    private static string QuoteValue(string value) => NeedsQuote(value) ? Quote(value) : value;
    private static bool NeedsQuote(string s) => s.Length == 0 ? false : s.Any(c => c is ' ' or '\t' or '\r' or '\n' or '"' or '`');
    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\r", "\\r") + "\"";

    /// <summary>Parses the text form; lines it does not know are ignored (Go does the same for forward compatibility).</summary>
    public static ModuleBuildInfo Parse(string text)
    {
        string path = "";
        BuildModule? main = null;
        var deps = new List<BuildModule>();
        var settings = new List<KeyValuePair<string, string>>();
        BuildModule? last = null;
        bool lastIsMain = false;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Length == 0) continue;
            var f = raw.Split('\t');
            switch (f[0])
            {
                case "path" when f.Length >= 2:
                    path = f[1];
                    break;
                case "mod" when f.Length >= 3:
                    main = last = new BuildModule(f[1], f[2], f.Length > 3 ? f[3] : "");
                    lastIsMain = true;
                    break;
                case "dep" when f.Length >= 3:
                    last = new BuildModule(f[1], f[2], f.Length > 3 ? f[3] : "");
                    deps.Add(last);
                    lastIsMain = false;
                    break;
                case "=>" when f.Length >= 3 && last is not null:
                    var replaced = last with { Sum = "", Replace = new BuildModule(f[1], f[2], f.Length > 3 ? f[3] : "") };
                    if (lastIsMain) main = replaced; else deps[^1] = replaced;
                    last = null;
                    break;
                case "build" when f.Length >= 2:
                    string kv = string.Join('\t', f.Skip(1));
                    int eq = kv.IndexOf('=');
                    if (eq > 0) settings.Add(new(Unquote(kv[..eq]), Unquote(kv[(eq + 1)..])));
                    break;
            }
        }
        return new ModuleBuildInfo(path, main ?? new BuildModule(path, DevelVersion), deps, settings);
    }

    private static string Unquote(string s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return s;
        var sb = new StringBuilder();
        for (int i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length - 1)
            {
                i++;
                sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => s[i] });
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
