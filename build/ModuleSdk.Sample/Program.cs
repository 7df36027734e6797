using ModuleSdk.Cli;
using ModuleSdk.Sample;

// The MVS walkthrough, offline: samples/modules becomes a file:// proxy; dotnet mod resolves the
// sample app against it. Exits non-zero if a step fails or MVS picks an unexpected version.
string root = FindRoot();
string work = Path.Combine(root, "samples", ".work");
if (Directory.Exists(Path.Combine(work, "cache"))) new ModuleSdk.Cache.ModuleCache(Path.Combine(work, "cache")).Clean();
if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
string proxy = Path.Combine(work, "proxy");
string app = Path.Combine(work, "app");
SampleProxy.Write(Path.Combine(root, "samples", "modules"), proxy);
Directory.CreateDirectory(app);
foreach (var file in Directory.GetFiles(Path.Combine(root, "samples", "app")))
    File.Copy(file, Path.Combine(app, Path.GetFileName(file)));

var env = new Dictionary<string, string?>
{
    ["MODPROXY"] = new Uri(proxy + "/").AbsoluteUri.TrimEnd('/'),
    ["MODCACHE"] = Path.Combine(work, "cache"),
    ["MODPRIVATE"] = "",
    ["HOME"] = work,
};
Console.WriteLine($"Module proxy: {env["MODPROXY"]}\nModule cache: {env["MODCACHE"]}\nApp:          {app}\n");

var output = new StringWriter();
async Task<string> Mod(params string[] args)
{
    Console.WriteLine("$ dotnet mod " + string.Join(' ', args));
    var stdout = new StringWriter();
    int code = await CliApp.RunAsync(new CliContext(app, env, stdout, Console.Error), args);
    Console.Write(stdout.ToString());
    Console.WriteLine();
    if (code != 0) throw new InvalidOperationException($"dotnet mod {string.Join(' ', args)} exited with {code}");
    return stdout.ToString();
}

Console.WriteLine("# 1. app requires alpha v1.0.0 (needs logging >= v1.0.6) and beta v1.2.0 (needs logging >= v1.2.0).");
Console.WriteLine("#    logging's newest is v1.4.2, but MVS selects the minimum that satisfies everyone: v1.2.0.\n");
Expect(await Mod("list", "-m", "all"), "example.com/logging v1.2.0");
await Mod("graph");
await Mod("why", "-m", "example.com/logging");
await Mod("list", "-m", "-u", "all");

Console.WriteLine("# 2. Add gamma v1.0.0, which needs logging >= v1.3.2: the selection moves to v1.3.2, no further.\n");
await Mod("get", "example.com/gamma@v1.0.0");
Console.WriteLine("$ cat module.mod\n" + File.ReadAllText(Path.Combine(app, "module.mod")));
Expect(await Mod("list", "-m", "all"), "example.com/logging v1.3.2");
await Mod("graph", "--format", "mermaid");
await Mod("download");
await Mod("verify");
Console.WriteLine("$ cat module.sum\n" + File.ReadAllText(Path.Combine(app, "module.sum")));
Console.WriteLine("The walkthrough selected logging v1.2.0, then v1.3.2 after adding gamma, as Go's MVS does.");
return 0;

static void Expect(string output, string line)
{
    if (!output.Split('\n').Contains(line))
        throw new InvalidOperationException($"expected the line \"{line}\" in:\n{output}");
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ModuleSdk.sln"))) return d.FullName;
    throw new InvalidOperationException("run this from the ModuleSdk repository");
}
