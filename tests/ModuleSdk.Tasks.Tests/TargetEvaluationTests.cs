using System.Text.Json;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tasks.Tests;

/// <summary>
/// The third tier of the SDK's tests: a project importing <c>Sdk.props</c> and <c>Sdk.targets</c>
/// straight from the source tree (no package), evaluated by the real MSBuild with
/// <c>dotnet msbuild -getProperty</c>: how the settings default from the environment, when
/// verification runs on build, when vendor mode is on, and how a module's copy is recognised.
/// </summary>
[TestClass]
public sealed class TargetEvaluationTests
{
    private static readonly string SdkDir = Path.Combine(RepoRoot(), "sdk", "ModuleSdk", "Sdk");

    private static readonly string[] Properties =
        ["ModuleProxy", "ModuleCache", "ModuleLockedMode", "ModuleVerifyOnBuild", "ModuleMode", "ModuleSdkIsDependency", "ModuleRoot"];

    [TestMethod]
    public void Settings_DefaultFromTheEnvironment_PropertiesWin()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path);

        var fromEnv = Evaluate(project, [], new() { ["MODPROXY"] = "file:///srv/proxy", ["MODCACHE"] = "/srv/cache" });
        Assert.AreEqual("file:///srv/proxy", fromEnv["ModuleProxy"]);
        Assert.AreEqual("/srv/cache", fromEnv["ModuleCache"]);
        Assert.AreEqual(dir.Path + "/", fromEnv["ModuleRoot"], "module.mod in the project directory makes it the module root");

        var fromProperty = Evaluate(project, ["-p:ModuleProxy=off"], new() { ["MODPROXY"] = "file:///srv/proxy" });
        Assert.AreEqual("off", fromProperty["ModuleProxy"]);
    }

    [TestMethod]
    [DataRow(new string[0], "", "", DisplayName = "local build: no verification")]
    [DataRow(new[] { "-p:CI=true" }, "", "true", DisplayName = "CI: locked mode, so verification")]
    [DataRow(new[] { "-p:ContinuousIntegrationBuild=true" }, "", "true", DisplayName = "ContinuousIntegrationBuild")]
    [DataRow(new string[0], "1", "1", DisplayName = "MODLOCKED=1")]
    [DataRow(new[] { "-p:CI=true", "-p:ModuleVerifyOnBuild=false" }, "", "false", DisplayName = "explicit opt-out wins")]
    [DataRow(new[] { "-p:ModuleLockedMode=false", "-p:CI=true" }, "", "false", DisplayName = "locked mode off in CI")]
    public void VerifyOnBuild_FollowsLockedMode(string[] args, string modLocked, string expected)
    {
        using var dir = new TempDir("modsdk-targets");
        var env = new Dictionary<string, string?> { ["MODLOCKED"] = modLocked, ["CI"] = null };

        var props = Evaluate(Project(dir.Path), args, env);

        Assert.AreEqual(expected, props["ModuleVerifyOnBuild"]);
    }

    [TestMethod]
    [DataRow(new string[0], "", "false", DisplayName = "local build: unlocked")]
    [DataRow(new[] { "-p:CI=true" }, "", "true", DisplayName = "CI")]
    [DataRow(new[] { "-p:CI=1" }, "", "true", DisplayName = "CI=1")]
    [DataRow(new[] { "-p:ContinuousIntegrationBuild=true" }, "", "true", DisplayName = "ContinuousIntegrationBuild")]
    [DataRow(new string[0], "1", "true", DisplayName = "MODLOCKED=1")]
    [DataRow(new string[0], "TRUE", "true", DisplayName = "MODLOCKED=TRUE")]
    [DataRow(new[] { "-p:ModuleLockedMode=false", "-p:CI=true" }, "", "false", DisplayName = "off in CI")]
    [DataRow(new[] { "-p:ModuleLockedMode=no" }, "1", "false", DisplayName = "the property wins over MODLOCKED")]
    [DataRow(new[] { "-p:ModuleMode=readonly" }, "", "true", DisplayName = "ModuleMode=readonly")]
    [DataRow(new[] { "-p:ModuleMode=ReadOnly", "-p:ModuleLockedMode=false" }, "", "true", DisplayName = "readonly is locked whatever ModuleLockedMode says")]
    public void SettingsItem_CarriesLockedModeAsDecidedOnce(string[] args, string modLocked, string expected)
    {
        using var dir = new TempDir("modsdk-targets");
        var env = new Dictionary<string, string?> { ["MODLOCKED"] = modLocked };

        var settings = EvaluateSettings(Project(dir.Path), args, env);

        Assert.AreEqual(expected, settings["ModuleLockedMode"], "the tasks take true or false, never MODLOCKED, CI or the mode");
    }

    [TestMethod]
    public void SettingsItem_HoldsEverySetting_FromTheEnvironmentOrTheProperties()
    {
        using var dir = new TempDir("modsdk-targets");
        var env = new Dictionary<string, string?>
        {
            ["MODPROXY"] = "file:///srv/proxy", ["MODCACHE"] = "/srv/cache", ["MODPRIVATE"] = "corp.example/*",
            ["MODREPOS"] = "corp.example/*=https://git.corp.example/", ["MODSUMDB"] = "sum.example+abc", ["MODNOSUMDB"] = "x.example",
        };

        var settings = EvaluateSettings(Project(dir.Path), ["-p:ModuleProxy=off", "-p:ModuleMode=mod"], env);

        Assert.AreEqual("off", settings["ModuleProxy"], "a property wins over its variable");
        Assert.AreEqual("/srv/cache", settings["ModuleCache"]);
        Assert.AreEqual("corp.example/*", settings["ModulePrivate"]);
        Assert.AreEqual("corp.example/*=https://git.corp.example/", settings["ModuleRepos"]);
        Assert.AreEqual("sum.example+abc", settings["ModuleSumDb"]);
        Assert.AreEqual("x.example", settings["ModuleNoSumDb"]);
        Assert.AreEqual("mod", settings["ModuleMode"]);
        Assert.AreEqual("false", settings["ModuleLockedMode"]);
    }

    [TestMethod]
    public void EveryModuleTaskCall_TakesTheSettingsItem_NotSettingsOfItsOwn()
    {
        // The settings block replaced the same parameters repeated in every call: a call that
        // passes one of them again, or forgets the block, would take settings decided elsewhere.
        var targets = System.Xml.Linq.XDocument.Load(Path.Combine(SdkDir, "Sdk.targets"));
        var settingTasks = new[]
        {
            "ResolveModules", "CheckModulesRestored", "VerifyModules", "ListModules", "GraphModules", "ExplainModules", "TidyModules", "FixModules",
        };
        var calls = targets.Descendants().Where(e => settingTasks.Contains(e.Name.LocalName) && e.Parent?.Name.LocalName == "Target").ToList();
        Assert.IsTrue(calls.Count >= settingTasks.Length, $"found {calls.Count} task calls");
        foreach (var call in calls)
        {
            Assert.AreEqual("@(_ModuleSdkSettings)", (string?)call.Attribute("ModuleSettings"), call.ToString());
            foreach (var setting in new[]
                     { "ModuleProxy", "ModuleCache", "ModulePrivate", "ModuleRepos", "ModuleSumDb", "ModuleNoSumDb", "ModuleLockedMode", "ModuleMode" })
                Assert.IsNull(call.Attribute(setting), call.ToString());
        }
    }

    [TestMethod]
    [DataRow("VerifyModules", "VerifyModulesDependsOn", new string[0])]
    [DataRow("ListModules", "ListModulesDependsOn", new string[0])]
    [DataRow("GraphModules", "GraphModulesDependsOn", new string[0])]
    [DataRow("ModuleGraph", "GraphModulesDependsOn", new string[0], DisplayName = "the deprecated alias of GraphModules")]
    [DataRow("ExplainModules", "ExplainModulesDependsOn", new string[0])]
    [DataRow("ModuleWhy", "ExplainModulesDependsOn", new string[0], DisplayName = "the deprecated alias of ExplainModules")]
    [DataRow("FixModules", "FixModulesDependsOn", new string[0])]
    [DataRow("ModuleSdkRestore", "ModuleSdkRestoreDependsOn", new[] { "-p:MSBuildIsRestoring=true" })]
    [DataRow("ModuleSdkStaticGraphRestore", "ModuleSdkRestoreDependsOn", new[] { "-p:RestoreUseStaticGraphEvaluation=true" })]
    public void DependsOnProperties_RunTheirTargetsFirst(string target, string property, string[] args)
    {
        // The hook fails, so the target's own task (not in the source tree) never runs: the
        // error shows the hook ran first, through the property appended to in the project.
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path, $"""
            <PropertyGroup><{property}>$({property});MyHook</{property}></PropertyGroup>
            <Target Name="MyHook"><Error Text="MyHook ran before {target}" /></Target>
            """);

        var r = ProcessRunner.Run("dotnet", ["msbuild", project, "-nologo", "-nodeReuse:false", "-t:" + target, .. args], dir.Path,
            timeout: TimeSpan.FromMinutes(5));

        Assert.AreNotEqual(0, r.ExitCode, r.Stdout);
        StringAssert.Contains(r.Stdout, $"MyHook ran before {target}");
    }

    [TestMethod]
    public void TidyModulesDependsOn_StartsWithBuild_AndKeepsWhatTheProjectAdds()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path, "<PropertyGroup><TidyModulesDependsOn>$(TidyModulesDependsOn);MyHook</TidyModulesDependsOn></PropertyGroup>");

        var props = Evaluate(project, [], [], ["TidyModulesDependsOn", "UsingModuleSdk"]); // two: one is printed bare, not as JSON

        Assert.AreEqual("Build;;MyHook", props["TidyModulesDependsOn"]);
    }

    [TestMethod]
    public void ModuleMode_VendorWhenModulesTxtExists_UnlessSet()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path);
        Assert.AreEqual("", Evaluate(project, [], [])["ModuleMode"]);

        Directory.CreateDirectory(Path.Combine(dir.Path, "vendor"));
        File.WriteAllText(Path.Combine(dir.Path, "vendor", "modules.txt"), "");
        Assert.AreEqual("vendor", Evaluate(project, [], [])["ModuleMode"]);
        Assert.AreEqual("mod", Evaluate(project, ["-p:ModuleMode=mod"], [])["ModuleMode"]);
    }

    [TestMethod]
    public void ModuleCopy_IsRecognisedByItsDependencyProps()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path);
        Assert.AreEqual("", Evaluate(project, [], [])["ModuleSdkIsDependency"]);

        Directory.CreateDirectory(Path.Combine(dir.Path, ".modulesdk"));
        File.WriteAllText(Path.Combine(dir.Path, ".modulesdk", "dependency.props"), "<Project />\n");
        var props = Evaluate(project, [], []);
        Assert.AreEqual("true", props["ModuleSdkIsDependency"]);
        Assert.AreEqual("", props["ModuleMode"], "a module's copy never switches to vendor mode");
    }

    [TestMethod]
    public void UsingModuleSdk_MarksEveryProject()
    {
        using var dir = new TempDir("modsdk-targets");

        var props = Evaluate(Project(dir.Path), [], [], ["UsingModuleSdk", "UsingMicrosoftNETSdk"]);

        Assert.AreEqual("true", props["UsingModuleSdk"]);
        Assert.AreEqual("true", props["UsingMicrosoftNETSdk"], "ModuleSdk wraps Microsoft.NET.Sdk");
    }

    [TestMethod]
    public void CustomizationHooks_AreImportedInOrder_WhereTheirNamesSay()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path);
        // Each hook appends its name and records what it can already see: Microsoft.NET.Sdk's
        // props (UsingMicrosoftNETSdk), ModuleSdk's own (ModuleRoot) and its targets' defaults
        // (ModuleSdkTaskAssembly).
        string Hook(string name)
        {
            string file = Path.Combine(dir.Path, name + ".hook");
            File.WriteAllText(file, $$"""
                <Project>
                  <PropertyGroup>
                    <HookOrder>$(HookOrder);{{name}}</HookOrder>
                    <Seen{{name}}>root=$(ModuleRoot);net=$(UsingMicrosoftNETSdk);tasks=$(ModuleSdkTaskAssembly)</Seen{{name}}>
                  </PropertyGroup>
                </Project>
                """);
            return $"-p:Custom{name}={file}";
        }
        string[] hooks = ["BeforeModuleSdkProps", "AfterModuleSdkProps", "BeforeModuleSdkTargets", "AfterModuleSdkTargets"];

        var props = Evaluate(project, [.. hooks.Select(Hook)], [],
            ["HookOrder", .. hooks.Select(h => "Seen" + h)]);

        Assert.AreEqual(";BeforeModuleSdkProps;AfterModuleSdkProps;BeforeModuleSdkTargets;AfterModuleSdkTargets", props["HookOrder"]);
        string root = dir.Path + "/";
        Assert.AreEqual($"root={root};net=;tasks=", props["SeenBeforeModuleSdkProps"], "before Microsoft.NET.Sdk's props, after ModuleRoot");
        Assert.AreEqual($"root={root};net=true;tasks=", props["SeenAfterModuleSdkProps"]);
        Assert.AreEqual($"root={root};net=true;tasks=", props["SeenBeforeModuleSdkTargets"], "before the SDK's targets set their defaults");
        StringAssert.EndsWith(props["SeenAfterModuleSdkTargets"], "ModuleSdk.Tasks.dll");
    }

    [TestMethod]
    public void CustomizationHooks_MissingFilesAreIgnored()
    {
        using var dir = new TempDir("modsdk-targets");
        string missing = Path.Combine(dir.Path, "missing.props");

        var props = Evaluate(Project(dir.Path),
            [.. ((string[])["BeforeModuleSdkProps", "AfterModuleSdkProps", "BeforeModuleSdkTargets",
                "AfterModuleSdkTargets"]).Select(h => $"-p:Custom{h}={missing}")], []);

        Assert.AreEqual(dir.Path + "/", props["ModuleRoot"]);
    }

    [TestMethod]
    public void AnalyzerLists_AreFileWrites_SoCleanRemovesThem()
    {
        using var dir = new TempDir("modsdk-targets");
        string project = Project(dir.Path);
        // The analyzers ship in the package, not the source tree: any existing file enables their targets.
        string dummy = Path.Combine(dir.Path, "analyzer.dll");
        File.WriteAllText(dummy, "");
        string[] analyzers = [$"-p:ModuleSdkAnalyzerAssembly={dummy}", $"-p:ModuleSdkInliningAssembly={dummy}"];
        string intermediate = Path.Combine(dir.Path, "obj", "Debug", "net10.0");
        Directory.CreateDirectory(intermediate);
        string[] lists = ["modulesdk-used-references.txt", "modulesdk-inline-suggestions.txt", "modulesdk-inline-fixes.txt"];
        foreach (var list in lists)
            File.WriteAllText(Path.Combine(intermediate, list), "written by a compilation\n");
        string usageRecord = Path.Combine(dir.Path, "obj", "modulesdk", "usage", "net10.0.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(usageRecord)!);
        File.WriteAllText(usageRecord, "");

        // The targets that run before every compilation, then the build's recording of its FileWrites.
        RunMSBuild(project, ["-t:_ModuleSdkClearUsedReferences;_ModuleSdkClearInlineSuggestions;_CleanRecordFileWrites", .. analyzers]);
        RunMSBuild(project, ["-t:Clean", .. analyzers]);

        foreach (var list in lists)
            Assert.IsFalse(File.Exists(Path.Combine(intermediate, list)), list + " survived dotnet clean");
        Assert.IsTrue(File.Exists(usageRecord), "the usage records under obj/modulesdk/ are kept, like the restore's output");
    }

    private static void RunMSBuild(string project, string[] args)
    {
        var r = ProcessRunner.Run("dotnet", ["msbuild", project, "-nologo", "-nodeReuse:false", .. args], Path.GetDirectoryName(project)!,
            timeout: TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
    }

    /// <summary>A project at <paramref name="dir"/> with a module.mod, importing the SDK from the source tree.</summary>
    private static string Project(string dir, string body = "")
    {
        File.WriteAllText(Path.Combine(dir, "module.mod"), "module example.com/app\n");
        string project = Path.Combine(dir, "App.csproj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{SdkDir}/Sdk.props" />
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              {body}
              <Import Project="{SdkDir}/Sdk.targets" />
            </Project>
            """);
        return project;
    }

    private static Dictionary<string, string> Evaluate(string project, string[] args, Dictionary<string, string?> env, string[]? properties = null)
    {
        // The test process may run in CI: the evaluation sees only what each case sets.
        var environment = ((string[])["CI", "MODPROXY", "MODCACHE", "MODLOCKED", "MODPRIVATE", "MODREPOS", "ContinuousIntegrationBuild"])
            .Select(name => new KeyValuePair<string, string?>(name, null)).Concat(env);
        var r = ProcessRunner.Run("dotnet",
            ["msbuild", project, "-nologo", "-nodeReuse:false", .. (properties ?? Properties).Select(p => "-getProperty:" + p), .. args],
            Path.GetDirectoryName(project)!, environment, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString() ?? "");
    }

    /// <summary>The metadata of the one <c>_ModuleSdkSettings</c> item the tasks take.</summary>
    private static Dictionary<string, string> EvaluateSettings(string project, string[] args, Dictionary<string, string?> env)
    {
        var environment = ((string[])["CI", "MODPROXY", "MODCACHE", "MODLOCKED", "MODPRIVATE", "MODREPOS", "MODSUMDB", "MODNOSUMDB",
            "ContinuousIntegrationBuild"])
            .Select(name => new KeyValuePair<string, string?>(name, null)).Concat(env);
        var r = ProcessRunner.Run("dotnet", ["msbuild", project, "-nologo", "-nodeReuse:false", "-getItem:_ModuleSdkSettings", .. args],
            Path.GetDirectoryName(project)!, environment, TimeSpan.FromMinutes(5));
        Assert.AreEqual(0, r.ExitCode, r.Stdout + r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        var items = json.RootElement.GetProperty("Items").GetProperty("_ModuleSdkSettings").EnumerateArray().ToList();
        Assert.AreEqual(1, items.Count, r.Stdout);
        return items[0].EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString() ?? "");
    }

    private static string RepoRoot() => ModuleSdk.Tests.TestSupport.RepositoryRoot.Path;
}
