using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Fixing;

/// <summary>One source file a fix build looked at.</summary>
/// <param name="Path">The source file, as the compiler read it.</param>
/// <param name="ChecksumAlgorithm">The compiler's checksum algorithm (<c>Sha1</c>, <c>Sha256</c>).</param>
/// <param name="Checksum">The checksum of the bytes the compiler read, lowercase hex.</param>
/// <param name="Rewritten">The file holding the rewritten text, or null when no site could be inlined.</param>
/// <param name="Inlined">How many sites the rewritten text inlines.</param>
/// <param name="Skipped">The sites left as they were, and why.</param>
public sealed record InlineFixFile(
    string Path, string ChecksumAlgorithm, string Checksum, string? Rewritten, int Inlined, IReadOnlyList<InlineFixSkip> Skipped);

/// <summary>A site the fix left as it was.</summary>
/// <param name="Line">Its line (1-based) in the rewritten file.</param>
/// <param name="Member">The member it uses (<c>P.Foo.EnableFoo(...)</c>).</param>
/// <param name="Reason">Why it was not inlined.</param>
public sealed record InlineFixSkip(int Line, string Member, string Reason);

/// <summary>
/// What a fix build found in one compilation (<c>dotnet mod fix</c>, <c>-t:FixModules</c>). The SDK's
/// inlining analyzer writes it with <see cref="Uses"/>, the references the rewritten compilation
/// uses; the build's <c>RecordModuleFixes</c> task maps those to <see cref="Modules"/> and writes it
/// again as <c>obj/modulesdk/fixes/&lt;tfm&gt;.txt</c> with its <see cref="Project"/>. Lines after the
/// header are tab-separated: <c>project</c>, then per file <c>file</c>, <c>checksum</c>, optional
/// <c>rewritten</c> and <c>skipped</c> lines, then <c>uses</c> or <c>module</c> lines.
/// </summary>
public sealed record InlineFixRecord(string? Project, IReadOnlyList<InlineFixFile> Files, IReadOnlyList<string> Uses, IReadOnlyList<string> Modules)
{
    /// <summary>The first line (the analyzer writes the same, <c>ModuleSdk.Inlining.InlineNames.FixesHeader</c>).</summary>
    public const string Header = "modulesdk-inline-fixes 1";

    /// <summary>Where the build writes the records, under the project's <c>obj/</c>.</summary>
    public const string Folder = "modulesdk/fixes";

    /// <summary>The analyzer's list beside the compiled assembly, <c>obj/&lt;cfg&gt;/&lt;tfm&gt;/</c>.</summary>
    public const string ListFileName = "modulesdk-inline-fixes.txt";

    /// <summary>The record's text.</summary>
    public string Format()
    {
        var s = new StringBuilder();
        s.Append(Header).Append('\n');
        if (Project is not null) s.Append("project\t").Append(Project).Append('\n');
        foreach (var f in Files)
        {
            s.Append("file\t").Append(f.Path).Append('\n');
            s.Append("checksum\t").Append(f.ChecksumAlgorithm).Append('\t').Append(f.Checksum).Append('\n');
            if (f.Rewritten is not null)
                s.Append("rewritten\t").Append(f.Rewritten).Append('\t').Append(f.Inlined.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var k in f.Skipped)
                s.Append("skipped\t").Append(k.Line.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(k.Member)
                    .Append('\t').Append(k.Reason).Append('\n');
        }
        foreach (var u in Uses) s.Append("uses\t").Append(u).Append('\n');
        foreach (var m in Modules) s.Append("module\t").Append(m).Append('\n');
        return s.ToString();
    }

    /// <summary>Parses a record or the analyzer's list; <see cref="DiagnosticCodes.FixRecordMalformed"/> for anything else.</summary>
    public static InlineFixRecord Parse(string file, string text)
    {
        var lines = text.Split('\n');
        if (lines[0].TrimEnd('\r') != Header) throw Malformed(file, 1, "it does not start with '" + Header + "'");
        string? project = null;
        var files = new List<InlineFixFile>();
        var uses = new List<string>();
        var modules = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var f = line.Split('\t');
            InlineFixFile Last() => files.Count > 0 ? files[^1] : throw Malformed(file, i + 1, $"'{f[0]}' before any 'file' line");
            switch (f[0])
            {
                case "project" when f.Length == 2: project = f[1]; break;
                case "file" when f.Length == 2: files.Add(new InlineFixFile(f[1], "", "", null, 0, [])); break;
                case "checksum" when f.Length == 3: files[^1] = Last() with { ChecksumAlgorithm = f[1], Checksum = f[2] }; break;
                case "rewritten" when f.Length == 3 && int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int n):
                    files[^1] = Last() with { Rewritten = f[1], Inlined = n };
                    break;
                case "skipped" when f.Length == 4 && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int at):
                    files[^1] = Last() with { Skipped = [.. Last().Skipped, new InlineFixSkip(at, f[2], f[3])] };
                    break;
                case "uses" when f.Length == 2: uses.Add(f[1]); break;
                case "module" when f.Length == 2: modules.Add(f[1]); break;
                default: throw Malformed(file, i + 1, $"unexpected line '{line}'");
            }
        }
        if (files.Any(x => x.Checksum.Length == 0)) throw Malformed(file, 0, "a file has no checksum");
        return new InlineFixRecord(project, files, uses, modules);
    }

    /// <summary>Reads a record file.</summary>
    public static InlineFixRecord Read(string file) => Parse(file, File.ReadAllText(file));

    private static ModuleException Malformed(string file, int line, string why) =>
        new(DiagnosticCodes.FixRecordMalformed, $"malformed inline fix record: {why}; build the project again with dotnet mod fix", file, line);
}
