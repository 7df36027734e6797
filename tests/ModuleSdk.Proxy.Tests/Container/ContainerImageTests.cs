using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.Container;

/// <summary>
/// The container image as the README builds it: <c>dotnet publish -t:PublishContainer</c> to an
/// archive, on top of a base image from a loopback registry (<see cref="LocalBaseImage"/>: these
/// machines reach neither mcr.microsoft.com nor a Docker daemon). The archive's image is then
/// run the way a runtime would: layers unpacked in order, the config's user, environment, working
/// directory and entrypoint, in a chroot with its own mount namespace; and it must serve modules
/// from a git repository.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ContainerImageTests
{
    [TestMethod]
    [Timeout(600_000)]
    public async Task PublishContainer_ArchiveRuns_AndServesModules()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Assert.Inconclusive("running the image needs Linux and root (unshare --root)");
            return;
        }
        if (!File.Exists("/usr/bin/unshare")) throw ServerProcess.Missing("unshare (util-linux) is not installed");

        using var dir = new TempDir("container");
        var image = LocalBaseImage.Build(dir.Combine("base"));
        string archive = dir.Combine("modproxy.tar");
        await using (var registry = await LoopbackRegistry.StartAsync(image))
        {
            string project = RepositoryRoot.Combine("src", "ModuleSdk.Proxy");
            LocalBaseImage.Run(project, "dotnet", ["publish", project, "-c", "Release", "-t:PublishContainer", "-nodeReuse:false",
                "-p:ContainerBaseImage=" + registry.Host + "/dotnet/aspnet:10.0", "-p:ContainerArchiveOutputPath=" + archive,
                "-p:ContainerImageTag=test", "-o", dir.Combine("publish")]);
        }

        var (config, rootfs) = OciArchive.Unpack(archive, dir.Combine("image"));
        var c = config.GetProperty("config");
        Assert.AreEqual("1654", c.GetProperty("User").GetString(), "runs as the base image's non-root app user");
        Assert.IsTrue(c.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        string[] entrypoint = [.. c.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()!)];
        CollectionAssert.AreEqual(new[] { "dotnet", "/app/modproxy.dll" }, entrypoint);
        string workingDir = c.GetProperty("WorkingDir").GetString()!;
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "app/appsettings.json")), "appsettings.json beside the app in its working directory");
        Assert.IsTrue(Directory.GetFiles(Path.Combine(rootfs, "app/runtimes/linux-x64/native"), "libgit2*.so").Length > 0, "libgit2 for direct mode");

        // Git repositories inside the container's file system, at the same path as outside, so the rules stay valid.
        using var repos = new ModuleRepos();
        foreach (var repo in new[] { repos.Lib, repos.Upper, repos.Old })
        {
            string inside = rootfs + Path.TrimEndingDirectorySeparator(repo.RepoPath);
            Directory.CreateDirectory(Path.GetDirectoryName(inside)!);
            LocalBaseImage.Run(dir.Path, "cp", ["-a", repo.RepoPath, inside]);
            // Owned by the app user: libgit2, like git, refuses a repository another user owns.
            LocalBaseImage.Run(dir.Path, "chown", ["-R", "1654:1654", inside]);
        }

        int port = ServerProcess.FreePort();
        // unshare plays the container runtime: its own mount and pid namespaces, in which the host's
        // /dev and a fresh /proc are mounted into the image (gone with the namespace), then the image
        // as root, with the config's working directory, user and environment.
        const string Runtime = "mount --rbind /dev \"$1/dev\" && mount -t proc proc \"$1/proc\" && R=\"$1\" W=\"$2\" && shift 2 && "
            + "exec unshare --root=\"$R\" --wd=\"$W\" --setuid=1654 --setgid=1654 \"$@\"";
        var psi = new ProcessStartInfo("unshare", ["--mount", "--pid", "--fork", "--kill-child", "sh", "-c", Runtime, "sh", rootfs, workingDir, .. entrypoint])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment.Clear();
        foreach (string e in c.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!))
            psi.Environment[e[..e.IndexOf('=')]] = e[(e.IndexOf('=') + 1)..];
        psi.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        psi.Environment["Repos"] = repos.Rules;
        using var server = Process.Start(psi)!;
        var stdout = server.StandardOutput.ReadToEndAsync();
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            HttpResponseMessage? health = null;
            for (int i = 0; i < 600 && health is null && !server.HasExited; i++)
            {
                try { health = await http.GetAsync("healthz"); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            if (health is null)
            {
                if (!server.HasExited) server.Kill(entireProcessTree: true);
                Assert.Fail("the container's server did not come up: " + await stderr + await stdout);
            }
            Assert.AreEqual(HttpStatusCode.OK, health.StatusCode);

            var zip = await http.GetAsync("example.com/lib/@v/v1.0.0.zip");
            Assert.AreEqual(HttpStatusCode.OK, zip.StatusCode, await zip.Content.ReadAsStringAsync());
            StringAssert.Contains(await http.GetStringAsync("example.com/lib/@v/list"), "v1.1.0");
            Assert.IsTrue(Directory.Exists(Path.Combine(rootfs, "home/app/modproxy-data")), "stored under the app user's home");
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }
}
