using System.Diagnostics;
using System.Text;
using ModuleSdk.Cli;
using ModuleSdk.Tests.Fetching;

namespace ModuleSdk.Tests.Cli;

/// <summary>
/// Ctrl+C on the real <c>dotnet-mod</c> process: SIGINT while a zip is on its way reaches the
/// command through Program's handler; the process exits 130 and the cache holds no partial zip.
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class CtrlCProcessTests
{
    [TestMethod]
    public async Task Sigint_DuringDownload_Exits130_LeavesNoPartialZip()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("SIGINT is sent with kill(1)");
        using var f = new CliFixture();
        f.Proxy.Add("example.com/a", "v1.0.0");
        f.WriteMod("module example.com/app\n\nrequire example.com/a v1.0.0\n");
        var zipStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = LoopbackServer.Directory(f.Proxy.Root);
        await using var server = new LoopbackServer(async (request, connection, ct) =>
        {
            if (!request.Target.EndsWith(".zip", StringComparison.Ordinal))
            {
                await serve(request, connection, ct);
                return;
            }
            byte[] zip = await File.ReadAllBytesAsync(Path.Combine(f.Proxy.Root, request.Target.TrimStart('/')), ct);
            await connection.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {zip.Length}\r\nConnection: close\r\n\r\n"), ct);
            await connection.WriteAsync(zip.AsMemory(0, zip.Length / 2), ct);
            await connection.FlushAsync(ct);
            zipStarted.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
        });

        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = f.Work, RedirectStandardError = true, RedirectStandardOutput = true,
            UseShellExecute = false };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dotnet-mod.dll"));
        psi.ArgumentList.Add("download");
        foreach (var (k, v) in f.Env) psi.Environment[k] = v;
        psi.Environment["MODPROXY"] = server.BaseUrl;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.AreSame(zipStarted.Task, await Task.WhenAny(zipStarted.Task, Task.Delay(TimeSpan.FromSeconds(60))), "the zip download never started");
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        string error = await stderr;
        Assert.AreEqual(CliApp.CanceledExitCode, process.ExitCode, error + await stdout);
        StringAssert.Contains(error, "dotnet mod: canceled");
        Assert.IsFalse(File.Exists(f.CacheFile("example.com/a", "v1.0.0", "zip")));
        Assert.IsFalse(Directory.EnumerateFiles(f.CacheDownload("example.com/a")).Any(n => n.Contains(".tmp", StringComparison.Ordinal)),
            "a temporary zip was left behind");
        Assert.IsNull(f.Sum);
    }
}
