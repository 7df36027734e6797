using System.Text;
using ModuleSdk.Modules;
using ModuleSdk.Zips;

// Usage: SdkBenchGenerator <dir> <feed> [modules=50]
//
// Writes under <dir>:
//   snapshots/mNN/vX.Y.Z/  the source of every module version (a class library with a module.mod)
//   proxy/                 a GOPROXY-layout file:// proxy made from the snapshots with the core's zip code
//   app/                   the ModuleSdk consumer (Sdk="ModuleSdk/1.0.0") whose module.mod requires every module
//   twin/app/              the same program with plain Microsoft.NET.Sdk projects: twin/modules/mNN/ holds the
//                          version MVS selects, with ProjectReferences along the same requirement edges
//                          (beside the app, not under it, where the app's default Compile glob would take them)
//
// Every module has two versions. v1.0.0 requires up to three earlier modules at v1.0.0; v1.1.0
// requires them at v1.1.0 for even-numbered dependencies. The app requires every module at
// v1.0.0 except every fifth at v1.1.0, so MVS raises part of the graph to v1.1.0 through the
// modules' own requirements (real work, and a build list the twin reproduces by the same rule).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: SdkBenchGenerator <dir> <feed> [modules=50]");
    return 2;
}
string root = Path.GetFullPath(args[0]);
string feed = Path.GetFullPath(args[1]);
int count = args.Length > 2 ? int.Parse(args[2]) : 50;
string[] versions = ["v1.0.0", "v1.1.0"];
var time = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

string Name(int i) => $"m{i:D2}";
string ModPath(int i) => $"example.com/{Name(i)}";
string Project(int i) => $"M{i:D2}";
int[] Deps(int i) => new[] { i - 1, i - 3, i - 10 }.Where(j => j >= 0).ToArray();
string DepVersion(int j, string version) => version == "v1.1.0" && j % 2 == 0 ? "v1.1.0" : "v1.0.0";
string AppVersion(int i) => i % 5 == 4 ? "v1.1.0" : "v1.0.0";

string ModFile(int i, string version)
{
    var sb = new StringBuilder($"module {ModPath(i)}\n");
    var deps = Deps(i);
    if (deps.Length > 0)
    {
        sb.Append("\nrequire (\n");
        foreach (int j in deps) sb.Append($"\t{ModPath(j)} {DepVersion(j, version)}\n");
        sb.Append(")\n");
    }
    return sb.ToString();
}

string Source(int i, string version)
{
    var deps = Deps(i);
    string uses = deps.Length == 0 ? "0" : string.Join(" + ", deps.Select(j => $"{Project(j)}.Lib.Id.Length"));
    return $$"""
        namespace {{Project(i)}};

        /// <summary>Module {{ModPath(i)}} {{version}}.</summary>
        public static class Lib
        {
            public const string Id = "{{ModPath(i)}}@{{version}}";
            public static int Weight() => {{uses}};
        }

        public sealed record Item(string Name, int Size)
        {
            public Item Grow() => this with { Size = Size + 1 };
        }

        """;
}

string ProjectFile(string sdk, IEnumerable<string> references, bool exe = false)
{
    var sb = new StringBuilder($"<Project Sdk=\"{sdk}\">\n  <PropertyGroup>\n");
    if (exe) sb.Append("    <OutputType>Exe</OutputType>\n");
    sb.Append("    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n" +
        "    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n");
    var refs = references.ToList();
    if (refs.Count > 0)
    {
        sb.Append("  <ItemGroup>\n");
        foreach (var r in refs) sb.Append($"    <ProjectReference Include=\"{r}\" />\n");
        sb.Append("  </ItemGroup>\n");
    }
    return sb.Append("</Project>\n").ToString();
}

string NuGetConfig() => $"""
    <?xml version="1.0" encoding="utf-8"?>
    <configuration>
      <packageSources>
        <clear />
        <add key="modulesdk" value="{feed}" />
      </packageSources>
      <config>
        <add key="globalPackagesFolder" value="{Path.Combine(root, "packages")}" />
      </config>
    </configuration>

    """;

string program = "Console.WriteLine(" + string.Join(" + ", Enumerable.Range(0, count).Select(i => $"{Project(i)}.Lib.Weight()")) + ");\n";

// Snapshots and the proxy.
string snapshots = Path.Combine(root, "snapshots");
string proxy = Path.Combine(root, "proxy");
for (int i = 0; i < count; i++)
{
    string dir = Path.Combine(proxy, PathEscaping.EscapePath(ModPath(i)), "@v");
    Directory.CreateDirectory(dir);
    foreach (var version in versions)
    {
        string src = Path.Combine(snapshots, Name(i), version);
        Directory.CreateDirectory(src);
        File.WriteAllText(Path.Combine(src, "module.mod"), ModFile(i, version));
        File.WriteAllText(Path.Combine(src, "Lib.cs"), Source(i, version));
        File.WriteAllText(Path.Combine(src, Project(i) + ".csproj"), ProjectFile("ModuleSdk/1.0.0", []));
        File.WriteAllText(Path.Combine(dir, version + ".mod"), ModFile(i, version));
        File.WriteAllText(Path.Combine(dir, version + ".info"), $"{{\"Version\":\"{version}\",\"Time\":\"{time:yyyy-MM-ddTHH:mm:ssZ}\"}}\n");
        using (var zip = File.Create(Path.Combine(dir, version + ".zip")))
            ModuleZip.CreateFromDirectory(zip, new ModuleId(ModPath(i), version), src);
    }
    File.WriteAllText(Path.Combine(dir, "list"), string.Concat(versions.Select(v => v + "\n")));
}

// The ModuleSdk consumer.
string app = Path.Combine(root, "app");
Directory.CreateDirectory(app);
File.WriteAllText(Path.Combine(app, "App.csproj"), ProjectFile("ModuleSdk/1.0.0", [], exe: true));
File.WriteAllText(Path.Combine(app, "Program.cs"), program);
File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig());
File.WriteAllText(Path.Combine(app, "module.mod"),
    "module example.com/app\n\nrequire (\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"\t{ModPath(i)} {AppVersion(i)}\n")) + ")\n");

// MVS over this graph: every version string here has the same length, so ordinal order is semver order.
var selected = Enumerable.Range(0, count).ToDictionary(i => i, AppVersion);
for (bool changed = true; changed;)
{
    changed = false;
    foreach (var (i, version) in selected.ToList())
        foreach (int j in Deps(i))
            if (string.CompareOrdinal(DepVersion(j, version), selected[j]) > 0)
            {
                selected[j] = DepVersion(j, version);
                changed = true;
            }
}

// The twin: the selected versions' sources as plain projects, referenced along the same edges.
string twin = Path.Combine(root, "twin");
Directory.CreateDirectory(Path.Combine(twin, "app"));
File.WriteAllText(Path.Combine(twin, "app", "App.csproj"),
    ProjectFile("Microsoft.NET.Sdk", Enumerable.Range(0, count).Select(i => $"../modules/{Name(i)}/{Project(i)}.csproj"), exe: true));
File.WriteAllText(Path.Combine(twin, "app", "Program.cs"), program);
File.WriteAllText(Path.Combine(twin, "nuget.config"), NuGetConfig());
for (int i = 0; i < count; i++)
{
    string dir = Path.Combine(twin, "modules", Name(i));
    Directory.CreateDirectory(dir);
    File.Copy(Path.Combine(snapshots, Name(i), selected[i], "Lib.cs"), Path.Combine(dir, "Lib.cs"));
    File.WriteAllText(Path.Combine(dir, Project(i) + ".csproj"),
        ProjectFile("Microsoft.NET.Sdk", Deps(i).Select(j => $"../{Name(j)}/{Project(j)}.csproj")));
}

Console.WriteLine($"{count} modules, {selected.Count(kv => kv.Value == "v1.1.0")} selected at v1.1.0; wrote {root}");
return 0;
