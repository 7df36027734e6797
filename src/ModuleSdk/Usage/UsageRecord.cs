using System.Text;
using ModuleSdk.IO;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Usage;

/// <summary>
/// What one compilation of a main-module project used: the modules whose assemblies its output
/// references, written by the build after compiling (one file per target framework under
/// <c>obj/modulesdk/usage/</c>) and read by <c>tidy</c>. The record's time is its file's
/// last write time: the build rewrites or touches it after every successful compile step.
/// </summary>
/// <remarks>
/// The format is line-based, one <c>key value</c> pair a line, so it needs no serializer
/// (the CLI is trimmed) and reads well in a diff:
/// <code>
/// modulesdk-usage 1
/// project /src/app/App.csproj
/// configuration Debug
/// targetframework net10.0
/// targetframeworks net8.0;net10.0
/// use example.com/alpha
/// </code>
/// </remarks>
/// <param name="Project">The full path of the project file.</param>
/// <param name="Configuration">The configuration built (informational).</param>
/// <param name="TargetFramework">The target framework this record is for; empty for a project without one.</param>
/// <param name="TargetFrameworks">Every target framework the project had when built (empty for a single-target project).</param>
/// <param name="Modules">The module paths used, sorted, without duplicates.</param>
public sealed record UsageRecord(
    string Project, string Configuration, string TargetFramework, IReadOnlyList<string> TargetFrameworks, IReadOnlyList<string> Modules)
{
    private const string Header = "modulesdk-usage 1";

    /// <summary>The folder under a project's <c>obj/</c> that holds its records.</summary>
    public const string Folder = "modulesdk/usage";

    /// <summary>The record file's name for <paramref name="targetFramework"/>.</summary>
    public static string FileName(string targetFramework) => (targetFramework.Length == 0 ? "default" : targetFramework) + ".txt";

    /// <summary>The record's text.</summary>
    public string Format()
    {
        var b = new StringBuilder();
        b.Append(Header).Append('\n');
        b.Append("project ").Append(Project).Append('\n');
        b.Append("configuration ").Append(Configuration).Append('\n');
        b.Append("targetframework ").Append(TargetFramework).Append('\n');
        b.Append("targetframeworks ").Append(string.Join(';', TargetFrameworks)).Append('\n');
        foreach (var m in Modules) b.Append("use ").Append(m).Append('\n');
        return b.ToString();
    }

    /// <summary>
    /// Writes the record to <paramref name="file"/> atomically; when the file already holds
    /// the same text it is only touched, so its time says "up to date as of this build".
    /// Returns whether the text changed.
    /// </summary>
    public bool Write(string file)
    {
        string text = Format();
        if (File.Exists(file) && File.ReadAllText(file) == text)
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
            return false;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        AtomicFile.WriteAllText(file, text);
        return true;
    }

    /// <summary>Parses a record; throws MOD5303 with the line at fault.</summary>
    public static UsageRecord Parse(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0] != Header) throw Malformed(file, 1, $"not a usage record (want first line \"{Header}\")");
        string project = "", configuration = "", framework = "";
        var frameworks = new List<string>();
        var modules = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0) continue;
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string key = space < 0 ? line : line[..space];
            string value = space < 0 ? "" : line[(space + 1)..];
            switch (key)
            {
                case "project": project = value; break;
                case "configuration": configuration = value; break;
                case "targetframework": framework = value; break;
                case "targetframeworks": frameworks.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "use":
                    if (ModulePath.ModulePathProblem(value) is { } error) throw Malformed(file, i + 1, $"use {value}: {error}");
                    modules.Add(value);
                    break;
                default: throw Malformed(file, i + 1, $"unknown key \"{key}\"");
            }
        }
        return new UsageRecord(project, configuration, framework, frameworks, modules.ToArray());
    }

    /// <summary>Reads and parses <paramref name="file"/>.</summary>
    public static UsageRecord Read(string file) => Parse(file, File.ReadAllText(file));

    private static ModuleException Malformed(string file, int line, string message) =>
        new(DiagnosticCodes.UsageRecordMalformed, $"malformed usage record: {message}; build the project again", file, line);
}
