using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Sdk.Tests;

/// <summary>
/// The path from zero with the <c>dotnet new</c> templates (package ModuleSdk.Templates, from
/// the run's root pack): installed into a <c>dotnet new</c> hive of the test's own, a library
/// (<c>modlib</c>) released as a git tag and an app (<c>modapp</c>) that requires it, both built
/// against the packed SDK in direct mode.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class TemplateTests
{
    [TestMethod]
    public void NewLibraryAndApp_BuildOnThePackedSdk_AppUsesTheLibraryFromItsTag()
    {
        using var s = new Scenario("templates");
        string hive = Path.Combine(s.Dir, "hive");
        var git = new GitRepos(Path.Combine(s.Dir, "git"));
        var env = s.Environment;
        env.Remove("MODPROXY");
        env["MODREPOS"] = git.Rule;
        // One nuget.config (the packed feed) above both projects, as a user's repository would have.
        File.Copy(Path.Combine(s.App, "nuget.config"), Path.Combine(s.Dir, "nuget.config"));
        string[] inHive = ["--debug:custom-hive", hive];

        s.Expect(true, s.Dir, env, ["new", "install", Path.Combine(SdkFeed.Feed, "ModuleSdk.Templates.1.0.0.nupkg"), .. inHive]);

        // The library: its module path given, built alone, released as v1.0.0.
        string lib = Path.Combine(s.Dir, "greeter");
        s.Expect(true, s.Dir, env, ["new", "modlib", "-n", "Greeter", "-o", lib, "--module", "example.com/greeter", .. inHive]);
        Assert.AreEqual("module example.com/greeter\n", File.ReadAllText(Path.Combine(lib, "module.mod")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(lib, "Greeter.csproj")), "<Project Sdk=\"ModuleSdk/1.0.0\">");
        s.Expect(true, lib, env, "build");
        git.ReleaseDirectory("greeter", "v1.0.0", annotated: true, lib);

        // The app: the default module path comes from its name; it requires the library's tag.
        string app = Path.Combine(s.Dir, "hello");
        s.Expect(true, s.Dir, env, ["new", "modapp", "-n", "Hello", "-o", app, .. inHive]);
        Assert.AreEqual("module example.com/hello\n", File.ReadAllText(Path.Combine(app, "module.mod")));
        // The template's own Program.cs stays (so it is compiled too), plus one line using the library.
        File.AppendAllText(Path.Combine(app, "module.mod"), "\nrequire example.com/greeter v1.0.0\n");
        File.AppendAllText(Path.Combine(app, "Program.cs"), "Console.WriteLine(Greeter.Greetings.Hello(\"modules\"));\n");
        string build = s.Expect(true, app, env, "build");
        StringAssert.Contains(build, "example.com/hello: 1 module(s) in the build list");

        var (code, output) = SdkFeed.Run(app, env, "exec", Path.Combine(app, "bin", "Debug", "net10.0", "Hello.dll"));
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "Hello from example.com/hello\nHello, modules, from example.com/greeter\n");
    }
}
