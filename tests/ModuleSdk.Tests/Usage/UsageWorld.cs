using ModuleSdk.Usage;

namespace ModuleSdk.Tests.Usage;

/// <summary>Writes ModuleSdk projects and their usage records into a main module, with controlled times.</summary>
internal static class UsageWorld
{
    /// <summary>When the sources were last edited: well before any record.</summary>
    public static readonly DateTime Edited = DateTime.UtcNow.AddHours(-2);

    /// <summary>Writes <c>&lt;dir&gt;/&lt;name&gt;.csproj</c> and a source file, both dated <see cref="Edited"/>; returns the project path.</summary>
    public static string Project(string moduleRoot, string name, string dir = "")
    {
        string projectDir = Path.Combine(moduleRoot, dir.Length > 0 ? dir : name);
        Directory.CreateDirectory(projectDir);
        string project = Path.Combine(projectDir, name + ".csproj");
        File.WriteAllText(project, "<Project Sdk=\"ModuleSdk/1.0.0\" />\n");
        string source = Path.Combine(projectDir, "Program.cs");
        File.WriteAllText(source, "class P { }\n");
        File.SetLastWriteTimeUtc(project, Edited);
        File.SetLastWriteTimeUtc(source, Edited);
        return project;
    }

    /// <summary>Writes a record for <paramref name="project"/> as a build after the last edit would.</summary>
    public static string Record(string project, string framework, string[] modules, string[]? frameworks = null, DateTime? time = null)
    {
        string file = RecordFile(project, framework);
        new UsageRecord(project, "Debug", framework, frameworks ?? [], modules).Write(file);
        File.SetLastWriteTimeUtc(file, time ?? Edited.AddMinutes(30));
        return file;
    }

    public static string RecordFile(string project, string framework) =>
        Path.Combine(Path.GetDirectoryName(project)!, "obj", UsageRecord.Folder, UsageRecord.FileName(framework));
}
