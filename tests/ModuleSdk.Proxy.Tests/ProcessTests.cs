using System.Diagnostics;
using System.Net;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// <c>modproxy</c> as a process, as users run it: the server with <c>--urls</c> and
/// <c>--Key=value</c>, stopped with SIGTERM; the <c>verify-storage</c> and <c>retention</c>
/// commands; a bad configuration exiting with its MOD code.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class ProcessTests
{
    private static string Exe => Path.Combine(AppContext.BaseDirectory, "modproxy.dll");

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Exe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var r = ProcessRunner.Run("dotnet", [Exe, .. args], timeout: TimeSpan.FromSeconds(60));
        return (r.ExitCode, r.Stdout, r.Stderr);
    }

    [TestMethod]
    public async Task Server_Commands_AndSigterm()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("SIGTERM is POSIX");
        using var repos = new ModuleRepos();
        using var dir = new TempDir("process");
        string data = dir.Combine("data");
        int port = ServerProcess.FreePort();
        using var server = Start("--urls", $"http://127.0.0.1:{port}", "--Storage:Path=" + data, "--Cache:Path=" + dir.Combine("git"),
            "--Repos=" + repos.Rules, "--TempPath=" + dir.Combine("tmp"));
        var stdout = server.StandardOutput.ReadToEndAsync();
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            HttpResponseMessage? res = null;
            for (int i = 0; i < 300 && res is null; i++)
            {
                try { res = await http.GetAsync("example.com/lib/@v/v1.0.0.zip"); }
                catch (HttpRequestException) { await Task.Delay(100); }
            }
            Assert.IsNotNull(res, "the server came up");
            Assert.AreEqual(HttpStatusCode.OK, res.StatusCode);
            Assert.AreEqual(HttpStatusCode.OK, (await http.GetAsync("example.com/!upper/@v/v1.0.0.mod")).StatusCode);

            // SIGTERM: graceful shutdown, exit code 0.
            Assert.AreEqual(0, Kill(server.Id, 15));
            Assert.IsTrue(server.WaitForExit(60_000), "stopped on SIGTERM");
            Assert.AreEqual(0, server.ExitCode, await stderr);
            string log = await stdout;
            StringAssert.Contains(log, "\"Path\":\"/example.com/lib/@v/v1.0.0.zip\"", "structured request logs");
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }

        var verify = Run("verify-storage", "--Storage:Path=" + data);
        Assert.AreEqual(0, verify.Code, verify.Out + verify.Err);
        StringAssert.Contains(verify.Out, "all 2 stored versions verified");
        var keep = Run("retention", "--days", "30", "--Storage:Path=" + data);
        Assert.AreEqual(0, keep.Code, keep.Err);
        StringAssert.Contains(keep.Out, "0 versions not asked for in 30 days deleted");
        var bad = Run("--Storage:Kind=nope");
        Assert.AreEqual(2, bad.Code);
        StringAssert.Contains(bad.Err, "error MOD6501: configuration Storage:Kind=nope is invalid");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
