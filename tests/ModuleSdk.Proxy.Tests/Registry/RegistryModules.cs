using ModuleSdk.Proxy.Registry;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.Registry;

/// <summary>
/// A proxy with real stored modules for the registry tests: a <c>file://</c> upstream proxy built
/// with real zips (<see cref="ModuleProxyBuilder"/>), and every version fetched through the proxy
/// (a real <c>.zip</c> request: fetched, checked, stored) before the tests look at the pages.
/// <c>example.com/lib</c> has a hostile README (a script, <c>javascript:</c> links, raw HTML), a
/// licence, a retracted version with its rationale and a prerelease; <c>example.com/app</c> and
/// <c>example.com/tool</c> require it; <c>example.com/old</c> is <c>+incompatible</c>.
/// </summary>
internal sealed class RegistryModules : IAsyncDisposable
{
    public const string HostileReadme = """
        # Lib

        Lib does useful things for <b>everyone</b>.

        <script>document.title = 'pwned'; window.pwned = true;</script>

        [click me](javascript:alert(1)) and [data](data:text/html,<script>alert(1)</script>) and [spaced]( JaVaScRiPt:alert(2))
        and <javascript:alert(3)> and [safe](https://example.com/docs).

        <img src=x onerror="window.pwned = true">

        ![logo](javascript:alert(4))

        ## Usage

        Call `Lib.Info.Version`.
        """;

    public static readonly (string Path, string Version)[] Stored =
    [
        ("example.com/lib", "v1.0.0"), ("example.com/lib", "v1.1.0"), ("example.com/lib", "v1.2.0"), ("example.com/lib", "v1.3.0-beta.1"),
        ("example.com/app", "v1.0.0"), ("example.com/tool", "v0.1.0"), ("example.com/old", "v2.0.0+incompatible"),
    ];

    /// <summary>A version of example.com/lib the upstream has (unlisted) and the proxy does not store at start.</summary>
    public const string Unstored = "v1.4.0";

    private readonly TempDir _upstreamDir;

    private RegistryModules(ProxyHost proxy, TempDir upstreamDir)
    {
        Proxy = proxy;
        _upstreamDir = upstreamDir;
    }

    public ProxyHost Proxy { get; }

    public static async Task<RegistryModules> StartAsync(params string[] settings)
    {
        var dir = new TempDir("registry-upstream");
        var up = new ModuleProxyBuilder(dir.Path);
        (string, string)[] libFiles = [("README.md", HostileReadme), ("LICENSE", "MIT License\n")];
        up.AddRaw("example.com/lib", "v1.0.0", "module example.com/lib\n", files: libFiles);
        up.AddRaw("example.com/lib", "v1.1.0", "module example.com/lib\n", files: libFiles);
        up.AddRaw("example.com/lib", "v1.2.0", "module example.com/lib\n\nretract v1.1.0 // broken build: Info.Version was wrong\n", files: libFiles);
        up.AddRaw("example.com/lib", "v1.3.0-beta.1", "module example.com/lib\n", files: libFiles);
        // Not listed and not stored at start: a test fetches it to see the pages follow.
        up.AddRaw("example.com/lib", Unstored, "module example.com/lib\n\nretract v1.1.0 // broken build: Info.Version was wrong\n", listed: false,
            files: libFiles);
        up.AddRaw("example.com/app", "v1.0.0", "module example.com/app\n\nrequire example.com/lib v1.2.0\n",
            files: [("README.md", "# App\n\nAn app that uses lib.\n")]);
        up.AddRaw("example.com/tool", "v0.1.0", "module example.com/tool\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/app v1.0.0\n)\n");
        up.AddRaw("example.com/old", "v2.0.0+incompatible", "module example.com/old\n");
        var proxy = await ProxyHost.StartAsync([.. settings, "Upstream=" + up.Url]);
        var m = new RegistryModules(proxy, dir);
        foreach (var (p, v) in Stored)
        {
            using var res = await proxy.Http.GetAsync($"{p}/@v/{v}.zip");
            res.EnsureSuccessStatusCode();
        }
        // The index learns of each stored version in the background: wait for all of them.
        var index = (RegistryIndex)proxy.Services.GetService(typeof(RegistryIndex))!;
        // Generous: CI runs this beside the SDK's end-to-end builds on 2 cores, and a fixture that
        // gave up silently left the tests to fail on a partial index.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        foreach (var (p, v) in Stored)
        {
            while ((await index.ModuleAsync(p, default))?.Versions.Contains(v) != true)
            {
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"the registry index did not learn of {p}@{v} within 120 s of its storing");
                await Task.Delay(50);
            }
        }
        return m;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        _upstreamDir.Dispose();
    }
}
