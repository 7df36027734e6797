using ModuleSdk.ModFile;
using ModuleSdk.Modules;
using ModuleSdk.Zips;

namespace ModuleSdk.Sample;

/// <summary>
/// Writes a module proxy directory (GOPROXY layout) from source snapshots laid out as
/// <c>&lt;name&gt;/&lt;version&gt;/</c>, each with its <c>module.mod</c>: the offline stand-in for a
/// module proxy that the sample resolves against.
/// </summary>
internal static class SampleProxy
{
    // A fixed time keeps every run's .info files identical.
    private static readonly DateTimeOffset Time = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string snapshots, string proxy)
    {
        foreach (var moduleDir in Directory.GetDirectories(snapshots).Order(StringComparer.Ordinal))
        {
            foreach (var versionDir in Directory.GetDirectories(moduleDir).Order(StringComparer.Ordinal))
            {
                string version = Path.GetFileName(versionDir);
                string modText = File.ReadAllText(Path.Combine(versionDir, "module.mod"));
                string path = ModuleFile.ParseLax("module.mod", modText).Module?.Path
                    ?? throw new InvalidOperationException($"{versionDir}/module.mod has no module line");
                string dir = Path.Combine(proxy, PathEscaping.EscapePath(path), "@v");
                Directory.CreateDirectory(dir);
                string v = PathEscaping.EscapeVersion(version);
                File.WriteAllText(Path.Combine(dir, v + ".mod"), modText);
                File.WriteAllText(Path.Combine(dir, v + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"{Time:yyyy-MM-ddTHH:mm:ssZ}\"}}\n");
                using (var zip = File.Create(Path.Combine(dir, v + ".zip")))
                    ModuleZip.CreateFromDirectory(zip, new ModuleId(path, version), versionDir);
                // No encoding argument: UTF-8 without a byte order mark. A BOM would glue itself to the
                // first version of @v/list, which then parses as no version at all (issue 8).
                File.AppendAllText(Path.Combine(dir, "list"), version + "\n");
            }
        }
    }
}
