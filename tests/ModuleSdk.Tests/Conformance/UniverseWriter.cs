using System.IO.Compression;
using System.Text;
using ModuleSdk.Modules;

namespace ModuleSdk.Tests.Conformance;

/// <summary>Where one written universe lives on disk.</summary>
public sealed class UniverseLayout(string root)
{
    public string Root { get; } = root;

    /// <summary>Proxy for the go command: <c>.mod</c> files are go.mod text with <c>go 1.16</c>.</summary>
    public string GoProxy => Path.Combine(Root, "goproxy");

    /// <summary>Proxy for ModuleSdk: <c>.mod</c> files are module.mod text; zips are byte-identical to the Go proxy's.</summary>
    public string ModProxy => Path.Combine(Root, "modproxy");

    /// <summary>The Go main module (go.mod), with its local replacement directories below it.</summary>
    public string GoMain => Path.Combine(Root, "go", "main");

    /// <summary>The ModuleSdk main module (module.mod), same relative layout as <see cref="GoMain"/>.</summary>
    public string ModMain => Path.Combine(Root, "mod", "main");

    public string GoPath => Path.Combine(Root, "gopath");

    public string ModCache => Path.Combine(Root, "modcache");

    public string Home => Path.Combine(Root, "home");
}

/// <summary>
/// Writes a <see cref="Universe"/> twice: a Go proxy directory and main module, and a ModuleSdk
/// proxy directory and main module. Both proxies serve the same zip bytes (each zip carries both
/// go.mod and module.mod), so the <c>Sum</c> of each module must agree.
/// </summary>
public static class UniverseWriter
{
    private static readonly DateTimeOffset ZipTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes everything under <paramref name="root"/> and returns the layout.</summary>
    public static UniverseLayout Write(Universe u, string root)
    {
        var layout = new UniverseLayout(root);
        foreach (var d in new[] { layout.GoProxy, layout.ModProxy, layout.GoMain, layout.ModMain, layout.GoPath, layout.ModCache, layout.Home })
            Directory.CreateDirectory(d);

        foreach (var m in u.Modules)
        {
            string esc = PathEscaping.EscapePath(m.Path);
            string goDir = Path.Combine(layout.GoProxy, esc, "@v");
            string modDir = Path.Combine(layout.ModProxy, esc, "@v");
            Directory.CreateDirectory(goDir);
            Directory.CreateDirectory(modDir);
            // Generation order, not sorted: both tools must sort @v/list themselves.
            string list = string.Concat(m.Versions.Where(v => v.Listed).Select(v => v.Version + "\n"));
            WriteText(Path.Combine(goDir, "list"), list);
            WriteText(Path.Combine(modDir, "list"), list);
            foreach (var v in m.Versions)
            {
                string escv = PathEscaping.EscapeVersion(v.Version);
                var time = PseudoVersion.IsPseudoVersion(v.Version) ? PseudoVersion.Time(v.Version) : ZipTime;
                string info = $"{{\"Version\":\"{v.Version}\",\"Time\":\"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}\n";
                WriteText(Path.Combine(goDir, escv + ".info"), info);
                WriteText(Path.Combine(modDir, escv + ".info"), info);
                string goMod = GoModText(v);
                string modMod = ModModText(v);
                WriteText(Path.Combine(goDir, escv + ".mod"), goMod);
                WriteText(Path.Combine(modDir, escv + ".mod"), modMod);
                if (!v.HasZip) continue;
                byte[] zip = BuildZip(m.Path, v.Version, goMod, modMod);
                File.WriteAllBytes(Path.Combine(goDir, escv + ".zip"), zip);
                File.WriteAllBytes(Path.Combine(modDir, escv + ".zip"), zip);
            }
        }

        var main = u.Main;
        WriteText(Path.Combine(layout.GoMain, "go.mod"),
            Universe.ModFileText(main.Path, goLine: true, main.Requires, main.Excludes, main.Replaces));
        WriteText(Path.Combine(layout.ModMain, "module.mod"),
            Universe.ModFileText(main.Path, goLine: false, main.Requires, main.Excludes, main.Replaces));

        foreach (var d in u.LocalDirectories)
        {
            // Both files in both copies, as a real checkout shared by Go and .NET code would have.
            string goText = Universe.ModFileText(d.DeclaredPath, goLine: true, d.Requires);
            string modText = Universe.ModFileText(d.DeclaredPath, goLine: false, d.Requires);
            foreach (var mainDir in new[] { layout.GoMain, layout.ModMain })
            {
                string dir = Path.GetFullPath(Path.Combine(mainDir, d.RelativePath));
                Directory.CreateDirectory(dir);
                WriteText(Path.Combine(dir, "go.mod"), goText);
                WriteText(Path.Combine(dir, "module.mod"), modText);
                WriteText(Path.Combine(dir, "Local.cs"), "namespace Local;\n");
            }
        }
        return layout;
    }

    /// <summary>The go.mod text the Go proxy serves for a version.</summary>
    public static string GoModText(UniverseVersion v) =>
        Universe.ModFileText(v.DeclaredPath, goLine: true, v.Requires, retracts: v.Retracts, extraLines: v.IgnoredDirectives);

    /// <summary>The module.mod text the ModuleSdk proxy serves for a version.</summary>
    public static string ModModText(UniverseVersion v) =>
        Universe.ModFileText(v.DeclaredPath, goLine: false, v.Requires, retracts: v.Retracts, extraLines: v.IgnoredDirectives);

    /// <summary>A module zip with fixed timestamps (deterministic bytes): go.mod, module.mod and one source file.</summary>
    public static byte[] BuildZip(string path, string version, string goMod, string modMod)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            string prefix = path + "@" + version + "/";
            Add(zip, prefix + "go.mod", goMod);
            Add(zip, prefix + "module.mod", modMod);
            Add(zip, prefix + "src/Lib.cs",
                $"// {path} {version}\nnamespace Lib;\n\npublic static class Version {{ public const string Value = \"{version}\"; }}\n");
        }
        return ms.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        var e = zip.CreateEntry(name, CompressionLevel.Optimal);
        e.LastWriteTime = ZipTime;
        using var s = e.Open();
        s.Write(Encoding.UTF8.GetBytes(content));
    }

    private static void WriteText(string file, string text) => File.WriteAllText(file, text, new UTF8Encoding(false));
}
