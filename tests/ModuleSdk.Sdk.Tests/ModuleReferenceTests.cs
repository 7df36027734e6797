using System.Reflection;
using System.Reflection.Metadata;
using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// Any .NET repository is a module: real-shaped git repositories without module.mod (projects
/// under src/ and tests/, a Directory.Build.props/.targets the code depends on, central package
/// versions, a signing key, multi-targeting, SourceLink, a NuGet.Config and global.json that must
/// not reach the consumer) consumed by project path with ModuleReference items, two versions
/// chosen by MVS through an intermediate ModuleSdk module; then a missing project path, tidy
/// adding its module, an upgrade and the stale copy removed. The requirements are added with
/// dotnet mod in direct mode over the git repositories; the builds restore in direct mode too
/// (libgit2's natives ship in the SDK package). The GitHub SourceLink URL of a GitHub origin is
/// checked by ModuleProjectsTests; here every origin is file://, so sources are embedded.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ModuleReferenceTests
{
    private const string PlainProject = "<Project Sdk=\"Microsoft.NET.Sdk\">\n{0}</Project>\n";

    [TestMethod]
    public void RealRepositories_ConsumedByProjectPath_BuildRunAndStayTidy()
    {
        using var s = new Scenario("moduleref");
        var git = new GitRepos(Path.Combine(s.Dir, "git"));
        WriteTools(git);
        WriteMid(git);
        WriteExtra(git);
        string seed = Path.Combine(s.Dir, "seed");
        var direct = new Dictionary<string, string>(s.Environment)
        {
            ["MODPROXY"] = "direct",
            ["MODREPOS"] = git.Rule,
            ["MODCACHE"] = seed,
        };
        var directSdk = new Dictionary<string, string>(s.Environment) { ["MODPROXY"] = "direct", ["MODREPOS"] = direct["MODREPOS"] };

        // The app: two projects of modules by project path; tools v1.0.0 directly, mid raising it to v1.1.0.
        File.WriteAllText(s.ModFile, "module example.com/app\n");
        File.WriteAllText(Path.Combine(s.App, "App.csproj"), """
            <Project Sdk="ModuleSdk/1.0.0">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <ModuleReference Include="example.com/tools/src/Tools" />
                <ModuleReference Include="example.com/mid" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(s.App, "Program.cs"), """
            System.Console.WriteLine(Mid.Info.Text);
            System.Console.WriteLine(Tools.Info.Text);
            System.Console.WriteLine("json from the module's package: " + Newtonsoft.Json.JsonConvert.SerializeObject(new[] { 1, 2 }));
            """);
        // get by project path finds the module as go get does for a package; mid is required as a
        // user writes it, so that MVS, not get, raises tools; download fills the cache direct mode serves from.
        var get = s.ModWith(direct, "get", "example.com/tools/src/Tools@v1.0.0");
        Assert.AreEqual(0, get.ExitCode, get.Error);
        foreach (var args in new[] { new[] { "edit", "-require=example.com/mid@v1.0.0" }, ["download"] })
        {
            var r = s.ModWith(direct, args);
            Assert.AreEqual(0, r.ExitCode, r.Error);
        }
        Assert.AreEqual("module example.com/app\n\nrequire (\n\texample.com/mid v1.0.0\n\texample.com/tools v1.0.0\n)\n", File.ReadAllText(s.ModFile));
        var versions = s.ModWith(direct, "list", "-m", "-versions", "example.com/tools");
        Assert.AreEqual("example.com/tools v1.0.0 v1.1.0 v1.2.0 v2.0.0+incompatible\n", versions.Out, versions.Error);
        // The builds restore in direct mode too: libgit2 ships in the SDK package.
        var (directCode, directOutput, _) = s.DotnetIn(s.App, directSdk, "restore");
        Assert.AreEqual(0, directCode, "direct-mode restore inside MSBuild:\n" + directOutput);
        var sdk = directSdk;

        string build = s.Expect(true, s.App, sdk, "build");
        foreach (var unwanted in new[] { "Unable to locate repository", "Source control information", "MOD9006", "MOD9022", "127.0.0.1:9", "NU1301" })
            Assert.IsFalse(build.Contains(unwanted, StringComparison.Ordinal), $"'{unwanted}' in:\n{build}");
        string run = s.RunApp();
        StringAssert.Contains(run, "mid v1.0.0 with tools v1.1.0 net10.0 \"shared\"");
        StringAssert.Contains(run, "json from the module's package: [1,2]");
        string bin = Path.Combine(s.App, "bin", "Debug", "net10.0");
        foreach (var signed in new[] { "Tools.dll", "Tools.Core.dll" })
            Assert.AreEqual(8, AssemblyName.GetAssemblyName(Path.Combine(bin, signed)).GetPublicKeyToken()?.Length,
                signed + " is strong-named with the module's key");
        string copies = Path.Combine(s.App, "obj", "modules", "example.com");
        string tools = Path.Combine(copies, "tools@v1.1.0");
        Assert.IsTrue(Directory.Exists(tools));
        Assert.IsFalse(Directory.Exists(Path.Combine(copies, "tools@v1.0.0")), "only selected versions are copied");
        Assert.IsFalse(File.Exists(Path.Combine(tools, "NuGet.Config")) || File.Exists(Path.Combine(tools, "global.json")),
            "a module's NuGet.Config and global.json stay out of the consumer's build");
        // SourceLink: GitHub origin maps the copy to raw.githubusercontent.com at the commit; a
        // file:// origin (mid; tools too in direct mode) cannot be served over HTTPS, so its sources are embedded.
        CollectionAssert.Contains(EmbeddedSources(Path.Combine(bin, "Tools.pdb")).Select(Path.GetFileName).ToList(), "Info.cs");
        CollectionAssert.Contains(EmbeddedSources(Path.Combine(bin, "Mid.pdb")).Select(Path.GetFileName).ToList(), "Mid.cs");

        // A project path no required module provides: restore fails at the item, in Go's words.
        File.WriteAllText(Path.Combine(s.App, "App.csproj"), File.ReadAllText(Path.Combine(s.App, "App.csproj"))
            .Replace("    <ModuleReference Include=\"example.com/mid\" />\n",
                "    <ModuleReference Include=\"example.com/mid\" />\n    <ModuleReference Include=\"example.com/extra/src/Extra\" />\n"));
        string failed = s.Expect(false, s.App, sdk, "build");
        StringAssert.Contains(failed, "App.csproj(9,5): error MOD9020: no required module provides package example.com/extra/src/Extra; to add it:");
        StringAssert.Contains(failed, "dotnet mod get example.com/extra/src/Extra");

        // tidy counts the item as a use and adds its module; get upgrades tools past mid's v1.1.0.
        var tidy = s.ModWith(direct, "tidy");
        Assert.AreEqual(0, tidy.ExitCode, tidy.Error);
        StringAssert.Contains(tidy.Error, "dotnet mod: found example.com/extra/src/Extra in example.com/extra v0.1.0");
        get = s.ModWith(direct, "get", "example.com/tools@v1.2.0");
        Assert.AreEqual(0, get.ExitCode, get.Error);
        Assert.AreEqual("module example.com/app\n\nrequire (\n\texample.com/extra v0.1.0\n\texample.com/mid v1.0.0\n\texample.com/tools v1.2.0\n)\n",
            File.ReadAllText(s.ModFile));
        var download = s.ModWith(direct, "download");
        Assert.AreEqual(0, download.ExitCode, download.Error);
        File.AppendAllText(Path.Combine(s.App, "Program.cs"), "\nSystem.Console.WriteLine(Extra.Info.Text);\n");
        s.Expect(true, s.App, sdk, "build");
        run = s.RunApp();
        StringAssert.Contains(run, "mid v1.0.0 with tools v1.2.0 net10.0");
        StringAssert.Contains(run, "extra v0.1.0");
        Assert.IsTrue(Directory.Exists(Path.Combine(copies, "tools@v1.2.0")));
        Assert.IsFalse(Directory.Exists(tools), "the copy of the version no longer selected is removed");
    }

    // example.com/tools: no module.mod, the shape of a real library repository.
    private static Dictionary<string, string> WriteTools(GitRepos git)
    {
        // The files every release has; each release commits them with its own Json.cs and Info.cs.
        (string Path, string Text)[] shared = [
            ("README.md", "# tools\n"),
            ("Directory.Build.props", """
                <Project>
                  <PropertyGroup>
                    <TargetFrameworks>net10.0;net9.0</TargetFrameworks>
                    <Nullable>enable</Nullable>
                    <SignAssembly>true</SignAssembly>
                    <AssemblyOriginatorKeyFile>$(MSBuildThisFileDirectory)tools.snk</AssemblyOriginatorKeyFile>
                    <DefineConstants>$(DefineConstants);TOOLS_SHARED_PROPS</DefineConstants>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Microsoft.SourceLink.GitHub" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """),
            ("Directory.Build.targets", """
                <Project>
                  <ItemGroup>
                    <Compile Include="$(MSBuildThisFileDirectory)shared/Shared.cs" Link="Shared.cs" />
                  </ItemGroup>
                </Project>
                """),
            ("Directory.Packages.props", """
                <Project>
                  <PropertyGroup>
                    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageVersion Include="Newtonsoft.Json" Version="13.0.4" />
                    <PackageVersion Include="Microsoft.SourceLink.GitHub" Version="10.0.401" />
                  </ItemGroup>
                </Project>
                """),
            // Were they honoured, this feed would fail the consumer's restore (NU1301) and this
            // SDK version its project evaluation.
            ("NuGet.Config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
                "    <add key=\"dead\" value=\"http://127.0.0.1:9/v3/index.json\" />\n  </packageSources>\n</configuration>\n"),
            ("global.json", "{ \"sdk\": { \"version\": \"1.0.0\", \"rollForward\": \"disable\" } }\n"),
            ("shared/Shared.cs", "internal static class SharedText\n{\n    public const string Value = \"shared\";\n}\n"),
            ("src/Tools.Core/Tools.Core.csproj",
                string.Format(PlainProject, "  <ItemGroup>\n    <PackageReference Include=\"Newtonsoft.Json\" />\n  </ItemGroup>\n")),
            ("src/Tools/Tools.csproj",
                string.Format(PlainProject, "  <ItemGroup>\n    <ProjectReference Include=\"..\\Tools.Core\\Tools.Core.csproj\" />\n  </ItemGroup>\n")),
            ("tests/Tools.Tests/Tools.Tests.csproj",
                string.Format(PlainProject, "  <ItemGroup>\n    <ProjectReference Include=\"..\\..\\src\\Tools\\Tools.csproj\" />\n  </ItemGroup>\n")),
            ("tests/Tools.Tests/InfoTests.cs",
                "namespace Tools.Tests;\n\npublic static class InfoTests\n{\n    public static bool Run() => Tools.Info.Text.Length > 0;\n}\n")];
        var key = new GitFile("tools.snk", StrongNameKey());
        var commits = new Dictionary<string, string>();
        foreach (var version in new[] { "v1.0.0", "v1.1.0", "v1.2.0", "v2.0.0" })
        {
            (string Path, string Text)[] release = [
                ("src/Tools.Core/Json.cs", $$"""
                    namespace Tools.Core;

                    public static class Json
                    {
                    #if !TOOLS_SHARED_PROPS
                    #error the module's Directory.Build.props was not imported
                    #endif
                        public static string Quote() => Newtonsoft.Json.JsonConvert.SerializeObject(SharedText.Value);
                    }
                    """),
                ("src/Tools/Info.cs", $$"""
                    namespace Tools;

                    public static class Info
                    {
                    #if NET10_0_OR_GREATER
                        private const string Framework = "net10.0";
                    #else
                        private const string Framework = "net9.0";
                    #endif
                        public static string Text => "tools {{version}} " + Framework + " " + Tools.Core.Json.Quote();
                    }
                    """)];
            commits[version] = git.Release("tools", version, annotated: false,
                [.. shared.Concat(release).Select(f => GitFile.Text(f.Path, f.Text)), key]);
        }
        return commits;
    }

    // example.com/mid: a ModuleSdk module that needs tools v1.1.0 and references its project by project path.
    private static void WriteMid(GitRepos git)
    {
        git.Release("mid", "v1.0.0", annotated: false,
            ("module.mod", "module example.com/mid\n\nrequire example.com/tools v1.1.0\n"),
            ("Mid.csproj", """
                <Project Sdk="ModuleSdk/1.0.0">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <ModuleReference Include="example.com/tools/src/Tools" />
                  </ItemGroup>
                </Project>
                """),
            ("Mid.cs", "namespace Mid;\n\npublic static class Info\n{\n    public static string Text => \"mid v1.0.0 with \" + Tools.Info.Text;\n}\n"));
    }

    private static void WriteExtra(GitRepos git)
    {
        git.Release("extra", "v0.1.0", annotated: false,
            ("src/Extra/Extra.csproj", string.Format(PlainProject, "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n")),
            ("src/Extra/Info.cs", "namespace Extra;\n\npublic static class Info\n{\n    public const string Text = \"extra v0.1.0\";\n}\n"));
    }

    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    private static List<string> EmbeddedSources(string pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        var reader = provider.GetMetadataReader();
        var files = new List<string>();
        foreach (var h in reader.CustomDebugInformation)
        {
            var cdi = reader.GetCustomDebugInformation(h);
            if (reader.GetGuid(cdi.Kind) == EmbeddedSourceKind && cdi.Parent.Kind == HandleKind.Document)
                files.Add(reader.GetString(reader.GetDocument((DocumentHandle)cdi.Parent).Name));
        }
        return files;
    }

    /// <summary>
    /// A new strong-name key pair as the <c>.snk</c> file <c>sn -k</c> writes: a CryptoAPI
    /// PRIVATEKEYBLOB (BLOBHEADER, RSAPUBKEY "RSA2", then the key's numbers little-endian).
    /// </summary>
    private static byte[] StrongNameKey()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        int bytes = 1024 / 8, half = bytes / 2;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write((byte)0x07); // PRIVATEKEYBLOB
        w.Write((byte)0x02); // version
        w.Write((ushort)0);
        w.Write(0x00002400); // CALG_RSA_SIGN
        w.Write(0x32415352); // "RSA2"
        w.Write(1024);
        uint exponent = 0;
        foreach (var b in p.Exponent!) exponent = (exponent << 8) | b;
        w.Write(exponent);
        void Number(byte[] bigEndian, int length)
        {
            var le = new byte[length];
            for (int i = 0; i < bigEndian.Length && i < length; i++) le[i] = bigEndian[bigEndian.Length - 1 - i];
            w.Write(le);
        }
        Number(p.Modulus!, bytes);
        Number(p.P!, half);
        Number(p.Q!, half);
        Number(p.DP!, half);
        Number(p.DQ!, half);
        Number(p.InverseQ!, half);
        Number(p.D!, bytes);
        w.Flush();
        return ms.ToArray();
    }
}
