using System.Diagnostics;
using ModuleSdk.Cli;
using ModuleSdk.Sample;
using static ModuleSdk.Sample.SampleCommands;

// The MVS walkthrough, offline, three ways:
//   1. dotnet mod over a file:// module proxy made from samples/modules;
//   2. dotnet mod straight from git repositories made from the same snapshots (direct mode);
//   3. dotnet build of the sample app with the packed ModuleSdk SDK: over the proxy, run before and
//      after adding gamma, then once more from the git tags alone;
//   4. a graceful API update with [Inline] and dotnet mod fix (SampleInline.cs, samples/inline).
// Each step prints the module.mod it starts from and what each flag it passes means.
// Exits non-zero if a step fails or MVS selects an unexpected version. --skip-build skips steps 3 and 4.
bool skipBuild = args.Contains("--skip-build");
string root = FindRoot();
string work = Path.Combine(root, "samples", ".work");
foreach (var cache in new[] { "cache", "cache-git", "cache-build", "cache-build-git" })
    if (Directory.Exists(Path.Combine(work, cache))) new ModuleSdk.Cache.ModuleCache(Path.Combine(work, cache)).Clean();
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);

string snapshots = Path.Combine(root, "samples", "modules");
string proxy = Path.Combine(work, "proxy");
SampleProxy.Write(snapshots, proxy);
string proxyUrl = new Uri(proxy + "/").AbsoluteUri.TrimEnd('/');

// ---- 1. dotnet mod over the proxy ----
string app = CopyApp("app");
var env = Env(("MODPROXY", proxyUrl), ("MODCACHE", Path.Combine(work, "cache")));
Console.WriteLine($"Module proxy: {proxyUrl}\nModule cache: {env["MODCACHE"]}\nApp:          {app}\n");
Console.WriteLine("# 1. app requires alpha v1.0.0 (needs logging >= v1.0.6) and beta v1.2.0 (needs logging >= v1.2.0).");
Console.WriteLine("#    logging's newest is v1.4.2, but MVS selects the minimum that satisfies everyone: v1.2.0.");
Console.WriteLine("#    MODPROXY names the proxy (a file:// folder here), MODCACHE the module cache.\n");
ShowModFile(app);
Expect(await Mod(app, env, ["-m: list modules, not packages (as go list -m)", "-versions: every version the proxy lists for the module"],
    "list", "-m", "-versions", "example.com/logging"), "example.com/logging v1.0.6 v1.2.0 v1.3.2 v1.4.2");
Expect(await Mod(app, env, ["all: the whole build list MVS selected, the main module first"], "list", "-m", "all"), "example.com/logging v1.2.0");
await Mod(app, env, ["(no flags) one 'requirer requirement' line per edge of the requirement graph"], "graph");
await Mod(app, env, ["-m: the arguments are modules; prints the shortest requirement chain to each"], "why", "-m", "example.com/logging");
await Mod(app, env, ["-u: beside each module, the newest version it could be upgraded to"], "list", "-m", "-u", "all");
Console.WriteLine("# Adding gamma v1.0.0, which needs logging >= v1.3.2, moves the selection to v1.3.2, no further.\n");
await Mod(app, env, ["gamma@v1.0.0: add (or change) the requirement on gamma to exactly v1.0.0; module.mod and module.sum are updated"],
    "get", "example.com/gamma@v1.0.0");
Console.WriteLine("$ cat module.mod\n" + File.ReadAllText(Path.Combine(app, "module.mod")));
Expect(await Mod(app, env, [], "list", "-m", "all"), "example.com/logging v1.3.2");
await Mod(app, env, ["--format mermaid: the same graph as a Mermaid flowchart (dot also works)"], "graph", "--format", "mermaid");
await Mod(app, env, ["(no arguments) fetch every module of the build list into the module cache"], "download");
await Mod(app, env, ["(no flags) re-hash the cached modules and compare with module.sum"], "verify");
string proxySums = File.ReadAllText(Path.Combine(app, "module.sum"));
Console.WriteLine("$ cat module.sum\n" + proxySums);

// ---- 2. the same modules straight from git ----
string git = Path.Combine(work, "git");
SampleGitRepos.Write(snapshots, git);
string repos = "example.com/*=" + new Uri(git + "/").AbsoluteUri + "*.git";
string appGit = CopyApp("app-git");
var gitEnv = Env(("MODPROXY", "direct"), ("MODREPOS", repos), ("MODCACHE", Path.Combine(work, "cache-git")));
Console.WriteLine("# 2. The same modules from git tags: one bare repository per module, an annotated tag per version.");
Console.WriteLine($"#    MODPROXY=direct: no proxy, read the repositories (the default when MODPROXY is unset).");
Console.WriteLine($"#    MODREPOS={repos}");
Console.WriteLine("#      maps each example.com/<name> module to <name>.git in that folder (* is one path element).\n");
ShowModFile(appGit);
await Mod(appGit, gitEnv, ["gamma@v1.0.0: the tag v1.0.0 of gamma.git"], "get", "example.com/gamma@v1.0.0");
Expect(await Mod(appGit, gitEnv, [], "list", "-m", "all"), "example.com/logging v1.3.2");
Expect(await Mod(appGit, gitEnv, ["-versions: here, the repository's semver tags"], "list", "-m", "-versions", "example.com/logging"),
    "example.com/logging v1.0.6 v1.2.0 v1.3.2 v1.4.2");
await Mod(appGit, gitEnv, [], "download");
string gitSums = File.ReadAllText(Path.Combine(appGit, "module.sum"));
foreach (var line in gitSums.Split('\n', StringSplitOptions.RemoveEmptyEntries))
    if (!proxySums.Contains(line + "\n")) throw new InvalidOperationException($"git and the proxy disagree on: {line}");
Console.WriteLine("Every module.sum line from git equals the proxy's: the same tag gives the same h1: either way.\n");

// ---- 3. dotnet build with the ModuleSdk SDK ----
if (!skipBuild)
{
    string feed = Path.Combine(work, "feed");
    Console.WriteLine("# 3. dotnet build of the sample app with the ModuleSdk SDK, from a local package feed.\n");
    Dotnet(root, null, [
        "-o <feed>: write ModuleSdk.1.0.0.nupkg into a folder that nuget.config below lists as a package source",
        "-nodeReuse:false: no MSBuild node stays behind holding files of this build",
        "-v:q: quiet, errors and warnings only"],
        "pack", Path.Combine(root, "sdk", "ModuleSdk", "ModuleSdk.csproj"), "-o", feed, "-nodeReuse:false", "-v:q");
    string nugetConfig =
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"modulesdk\" value=\"{feed}\" />\n" +
        "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n  </packageSources>\n</configuration>\n";
    string appBuild = CopyApp("app-build");
    File.WriteAllText(Path.Combine(appBuild, "nuget.config"), nugetConfig);
    Console.WriteLine("$ cat App.csproj\n" + File.ReadAllText(Path.Combine(appBuild, "App.csproj")));
    Console.WriteLine("$ cat nuget.config\n" + nugetConfig);
    ShowModFile(appBuild);
    // NUGET_PACKAGES: a packages folder of the sample's own, so a repacked SDK 1.0.0 is never served from an older extraction.
    var buildEnv = new Dictionary<string, string?>(Env(("MODPROXY", proxyUrl), ("MODCACHE", Path.Combine(work, "cache-build"))))
    {
        ["NUGET_PACKAGES"] = Path.Combine(work, "packages"),
        ["MSBUILDDISABLENODEREUSE"] = "1",
    };
    string[] buildFlags =
    [
        "-nodeReuse:false, -v:q: as above",
        "-p:ModuleLockedMode=false: let the restore add missing module.sum lines even where CI=true turns locked mode on",
    ];
    string dll = Path.Combine(appBuild, "bin", "Debug", "net10.0", "App.dll");
    Dotnet(appBuild, buildEnv, buildFlags, "build", "-nodeReuse:false", "-v:q", "-p:ModuleLockedMode=false");
    Expect(Dotnet(appBuild, buildEnv, ["exec <dll>: run the built app"], "exec", dll), "selected logging module: v1.2.0");
    string proxyBuildSums = File.ReadAllText(Path.Combine(appBuild, "module.sum"));
    await Mod(appBuild, buildEnv, [], "get", "example.com/gamma@v1.0.0");
    ShowModFile(appBuild);
    Dotnet(appBuild, buildEnv, buildFlags, "build", "-nodeReuse:false", "-v:q", "-p:ModuleLockedMode=false");
    Expect(Dotnet(appBuild, buildEnv, [], "exec", dll), "selected logging module: v1.3.2");
    await Mod(appBuild, buildEnv, ["-m: also print the modules (the build list and hashes stamped into the assembly)"], "version", "-m", dll);
    Dotnet(appBuild, buildEnv, ["-t:VerifyModules: run only that target (dotnet mod verify inside MSBuild)", "-v:m: minimal output"],
        "msbuild", "-t:VerifyModules", "-nodeReuse:false", "-v:m", "-p:ModuleLockedMode=false");

    // The same build from the git tags alone: the SDK's restore reads the repositories itself.
    Console.WriteLine("# 3b. dotnet build of a fresh copy of the app in direct mode: no proxy, an empty module cache,");
    Console.WriteLine("#     the modules read from the git tags of step 2 inside MSBuild (libgit2 ships in the SDK package).\n");
    string appBuildGit = CopyApp("app-build-git");
    File.WriteAllText(Path.Combine(appBuildGit, "nuget.config"), nugetConfig);
    ShowModFile(appBuildGit);
    var buildGitEnv = new Dictionary<string, string?>(buildEnv)
    {
        ["MODPROXY"] = "direct",
        ["MODREPOS"] = repos,
        ["MODCACHE"] = Path.Combine(work, "cache-build-git"),
    };
    string dllGit = Path.Combine(appBuildGit, "bin", "Debug", "net10.0", "App.dll");
    Dotnet(appBuildGit, buildGitEnv, buildFlags, "build", "-nodeReuse:false", "-v:q", "-p:ModuleLockedMode=false");
    Expect(Dotnet(appBuildGit, buildGitEnv, [], "exec", dllGit), "selected logging module: v1.2.0");
    string buildGitSums = File.ReadAllText(Path.Combine(appBuildGit, "module.sum"));
    foreach (var line in buildGitSums.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        if (!proxyBuildSums.Contains(line + "\n")) throw new InvalidOperationException($"the git-tag build and the proxy build disagree on: {line}");
    if (buildGitSums != proxyBuildSums) throw new InvalidOperationException($"module.sum from git tags:\n{buildGitSums}\n" +
        $"differs from the proxy build's:\n{proxyBuildSums}");
    Console.WriteLine("The build from git tags selected logging v1.2.0 and wrote the same module.sum as the proxy build.\n");

    await SampleInline.RunAsync(root, work, feed); // 4. samples/inline: [Inline], dotnet mod fix, tidy
}

Console.WriteLine("The walkthrough selected logging v1.2.0, then v1.3.2 after adding gamma, as Go's MVS does.");
return 0;

string CopyApp(string name)
{
    string dir = Path.Combine(work, name);
    Directory.CreateDirectory(dir);
    foreach (var file in Directory.GetFiles(Path.Combine(root, "samples", "app")))
        File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
    return dir;
}

Dictionary<string, string?> Env(params (string Key, string Value)[] vars)
{
    var e = new Dictionary<string, string?> { ["MODPRIVATE"] = "", ["HOME"] = work, ["PATH"] = Environment.GetEnvironmentVariable("PATH") };
    foreach (var (k, v) in vars) e[k] = v;
    return e;
}

static void ShowModFile(string dir) =>
    Console.WriteLine($"$ cat {Path.GetFileName(dir)}/module.mod\n" + File.ReadAllText(Path.Combine(dir, "module.mod")));

static void Expect(string output, string line)
{
    if (!output.Split('\n').Select(l => l.TrimEnd('\r')).Contains(line))
        throw new InvalidOperationException($"expected the line \"{line}\" in:\n{output}");
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ModuleSdk.sln"))) return d.FullName;
    throw new InvalidOperationException("run this from the ModuleSdk repository");
}
