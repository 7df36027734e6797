using System.IO.Compression;
using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.TestSupport;

/// <summary>
/// Writes a module proxy directory (GOPROXY layout) for tests: <c>&lt;escpath&gt;/@v/list</c>,
/// <c>.info</c>, <c>.mod</c> and <c>.zip</c> (built with <see cref="ModuleZip"/>) per version.
/// </summary>
public sealed class ModuleProxyBuilder
{
    public static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public ModuleProxyBuilder(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
    }

    public string Root { get; }

    /// <summary>The file:// URL for MODPROXY.</summary>
    public string Url => new Uri(Root.TrimEnd('/') + "/").AbsoluteUri.TrimEnd('/');

    /// <summary>
    /// Adds <paramref name="path"/>@<paramref name="version"/> requiring <paramref name="requires"/>
    /// (each "path version"); <paramref name="extra"/> is appended to its module.mod
    /// (retract lines, comments); unlisted versions (pseudo-versions) stay out of @v/list.
    /// </summary>
    public ModuleProxyBuilder Add(string path, string version, string[]? requires = null, string extra = "", bool listed = true, string? modulePath = null,
        string? deprecated = null)
    {
        var mod = new StringBuilder();
        if (deprecated is not null) mod.Append("// Deprecated: ").Append(deprecated).Append('\n');
        mod.Append("module ").Append(modulePath ?? path).Append('\n');
        if (requires is { Length: > 0 })
        {
            mod.Append("\nrequire (\n");
            foreach (var r in requires) mod.Append('\t').Append(r).Append('\n');
            mod.Append(")\n");
        }
        if (extra.Length > 0) mod.Append('\n').Append(extra).Append('\n');
        return AddRaw(path, version, mod.ToString(), listed);
    }

    /// <summary>Adds a version with exactly <paramref name="modText"/> as its module.mod.</summary>
    public ModuleProxyBuilder AddRaw(string path, string version, string modText, bool listed = true, IEnumerable<(string Name, string Text)>? files = null)
    {
        string dir = VersionDir(path);
        Directory.CreateDirectory(dir);
        string ev = PathEscaping.EscapeVersion(version);
        File.WriteAllText(Path.Combine(dir, ev + ".mod"), modText);
        File.WriteAllText(Path.Combine(dir, ev + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"{Time:yyyy-MM-ddTHH:mm:ssZ}\"}}");
        var list = new List<IModuleFile>
        {
            new MemoryModuleFile("module.mod", Encoding.UTF8.GetBytes(modText)),
            new MemoryModuleFile("src/Lib.cs",
                Encoding.UTF8.GetBytes($"// {path} {version}\nnamespace Lib; public static class Info {{ public const string Version = \"{version}\"; }}\n")),
        };
        foreach (var (name, text) in files ?? []) list.Add(new MemoryModuleFile(name, Encoding.UTF8.GetBytes(text)));
        using (var zip = File.Create(Path.Combine(dir, ev + ".zip")))
            ModuleZip.Create(zip, new ModuleId(path, version), list);
        if (listed) File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
        return this;
    }

    /// <summary>The @v directory of a module.</summary>
    public string VersionDir(string path) => Path.Combine(Root, PathEscaping.EscapePath(path), "@v");

    /// <summary>The path of one file of a version (ext: info, mod, zip).</summary>
    public string FileOf(string path, string version, string ext) =>
        Path.Combine(VersionDir(path), PathEscaping.EscapeVersion(version) + "." + ext);
}
