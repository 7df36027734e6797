using ModuleSdk.Building;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Resolution;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.Building;

[TestClass]
public class AssemblyNamesTests
{
    [TestMethod]
    [DataRow("Lib.csproj", "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>", "Lib",
        DisplayName = "no AssemblyName: the file name")]
    [DataRow("Lib.csproj", "<Project><PropertyGroup><AssemblyName>Lib.V2</AssemblyName></PropertyGroup></Project>", "Lib.V2", DisplayName = "literal")]
    [DataRow("Lib.csproj",
        "<Project><PropertyGroup><AssemblyName>A</AssemblyName></PropertyGroup><PropertyGroup><AssemblyName> B </AssemblyName></PropertyGroup></Project>", "B",
        DisplayName = "the last one wins")]
    [DataRow("Lib.csproj", "<Project><PropertyGroup><AssemblyName>$(MSBuildProjectName).V2</AssemblyName></PropertyGroup></Project>", "Lib",
        DisplayName = "computed: unknown, the default")]
    [DataRow("Lib.csproj", "<Project><ItemGroup><AssemblyName Include=\"X\" /></ItemGroup></Project>", "Lib", DisplayName = "an item is not the property")]
    [DataRow("Lib.csproj", "<Project><PropertyGroup>", "Lib", DisplayName = "malformed: the default")]
    public void Of_ReadsTheLiteralPropertyOrTheFileName(string file, string text, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine(file), text);
        Assert.AreEqual(expected, AssemblyNames.Of(dir.Combine(file)));
    }

    [TestMethod]
    public void EnsureDistinct_TwoModulesOneName_FailsAtTheLaterModulesRequireLine()
    {
        using var dir = new TempDir();
        var main = MainOf(dir);
        var v1 = Module(dir, "example.com/lib", "v1.0.0", "Lib.csproj", "");
        var v2 = Module(dir, "example.com/lib/v2", "v2.0.0", "Lib.csproj", "");
        var e = Assert.ThrowsExactly<ModuleException>(() => AssemblyNames.EnsureDistinct(main, "App", [v2, v1]));
        Assert.AreEqual(DiagnosticCodes.AssemblyNameCollision, e.Code);
        Assert.AreEqual((main.ModFilePath, 5, 2), (e.File, e.Line, e.Column));
        StringAssert.Contains(e.Message, "modules example.com/lib@v1.0.0 and example.com/lib/v2@v2.0.0 both build an assembly named 'Lib'");
        StringAssert.Contains(e.Message, "set a distinct <AssemblyName> (for example Lib.V2) in Lib.csproj of module example.com/lib/v2");
    }

    [TestMethod]
    [DataRow("App", "Lib.V2", false, DisplayName = "distinct")]
    [DataRow("lib", "Lib.V2", true, DisplayName = "the main project's name, ignoring case")]
    [DataRow("App", "LIB", true, DisplayName = "two modules, ignoring case")]
    public void EnsureDistinct_Names(string mainName, string v2Name, bool fails)
    {
        using var dir = new TempDir();
        var main = MainOf(dir);
        var modules = new[]
        {
            Module(dir, "example.com/lib", "v1.0.0", "Lib.csproj", ""),
            Module(dir, "example.com/lib/v2", "v2.0.0", "Lib.csproj", $"<AssemblyName>{v2Name}</AssemblyName>"),
        };
        if (!fails)
        {
            AssemblyNames.EnsureDistinct(main, mainName, modules);
            return;
        }
        var e = Assert.ThrowsExactly<ModuleException>(() => AssemblyNames.EnsureDistinct(main, mainName, modules));
        Assert.AreEqual(DiagnosticCodes.AssemblyNameCollision, e.Code);
    }

    private static MainModule MainOf(TempDir dir)
    {
        Directory.CreateDirectory(dir.Combine("app"));
        File.WriteAllText(dir.Combine("app", "module.mod"), "module example.com/app\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/lib/v2 v2.0.0\n)\n");
        return MainModule.Load(dir.Combine("app"));
    }

    private static (ResolvedModule, string) Module(TempDir dir, string path, string version, string project, string properties)
    {
        string d = dir.Combine(path.Replace('/', '_') + "@" + version);
        Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(d, project), $"<Project Sdk=\"ModuleSdk/1.0.0\"><PropertyGroup>{properties}</PropertyGroup></Project>");
        return (new ResolvedModule(new ModuleId(path, version), null, d, "h1:x", []), Path.Combine(d, project));
    }
}
