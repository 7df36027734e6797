using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using ModuleSdk.Proxy;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests;

/// <summary>No secret (client tokens, upstream passwords, git tokens) in any log line or response.</summary>
[TestClass]
public sealed class SecretsTests
{
    private sealed class Capture : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + " " + exception);
        public void Dispose() { }
    }

    [TestMethod]
    public async Task Secrets_NeverReachLogsOrResponses()
    {
        using var dir = new TempDir("secrets");
        string tokens = dir.Combine("tokens");
        File.WriteAllText(tokens, "client-s3cret\n");
        var capture = new Capture();
        int port;
        await using (var gone = new ModuleSdk.Tests.Fetching.LoopbackServer((_, _, _) => Task.CompletedTask)) port = gone.Port;
        var app = ProxyServer.Build(
        [
            "--urls", "http://127.0.0.1:0", "--Storage:Kind=memory", "--TempPath=" + dir.Combine("tmp"), "--Cache:Path=" + dir.Combine("git"),
            $"--Upstream=http://user:upstream-s3cret@127.0.0.1:{port}|direct",
            "--Repos=example.com/*=https://git-s3cret-user:git-pa55@127.0.0.1:1/*.git",
            "--Credentials:GitToken=git-token-s3cret",
            "--Auth:Tokens=" + tokens,
        ], b => b.Logging.AddProvider(capture));
        var bodies = new List<string>();
        try
        {
            await app.StartAsync();
            string url = app.Urls.First();
            using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
            foreach (var auth in new AuthenticationHeaderValue?[] { null, new("Bearer", "client-s3cret"), new("Bearer", "wrong-s3cret") })
            {
                foreach (var path in new[] { "example.com/lib/@v/list", "example.com/lib/@v/v1.0.0.zip", "example.com/lib/@latest", "readyz", "metrics" })
                {
                    using var req = new HttpRequestMessage(HttpMethod.Get, path);
                    req.Headers.Authorization = auth;
                    using var res = await http.SendAsync(req);
                    bodies.Add(path + " " + (int)res.StatusCode + " " + res.Headers + " " + await res.Content.ReadAsStringAsync());
                }
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        string all = string.Join("\n", capture.Lines) + "\n" + string.Join("\n", bodies);
        StringAssert.Contains(all, "example.com/lib", "the requests were logged and answered");
        StringAssert.Contains(all, " 502 ", "the upstream failures were answered");
        foreach (var secret in new[] { "s3cret", "pa55" })
            Assert.IsFalse(all.Contains(secret, StringComparison.Ordinal),
                $"'{secret}' leaked:\n{string.Join("\n", all.Split('\n').Where(l => l.Contains(secret)))}");
    }
}
