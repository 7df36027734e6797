using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Proxy.Tests.Container;

/// <summary>
/// A stand-in for <c>mcr.microsoft.com/dotnet/aspnet:10.0</c>, which these machines can't reach:
/// one OCI layer holding Debian's runtime libraries (<c>apt-get download</c> + <c>dpkg-deb -x</c>,
/// the way chiseled images are cut from packages), the ASP.NET Core runtime this test runs on, and
/// the image's conventions the proxy's container settings rely on (the non-root <c>app</c> user,
/// uid 1654, with a writable <c>/home/app</c>; <c>ASPNETCORE_HTTP_PORTS=8080</c>).
/// </summary>
internal sealed class LocalBaseImage
{
    private static readonly string[] Packages = ["libc6", "libgcc-s1", "libstdc++6", "libssl3", "zlib1g", "libicu72", "ca-certificates", "tzdata"];

    private LocalBaseImage(byte[] manifest, IReadOnlyDictionary<string, string> blobs)
    {
        Manifest = manifest;
        Blobs = blobs;
    }

    /// <summary>The image manifest (OCI, one layer).</summary>
    public byte[] Manifest { get; }

    /// <summary>Blob files by digest (<c>sha256:…</c>): the config and the layer.</summary>
    public IReadOnlyDictionary<string, string> Blobs { get; }

    /// <summary>Builds the image under <paramref name="dir"/>; throws <see cref="ServerProcess.Missing"/> without apt.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static LocalBaseImage Build(string dir)
    {
        if (!File.Exists("/usr/bin/apt-get") || !File.Exists("/usr/bin/dpkg-deb"))
            throw ServerProcess.Missing("the container test builds its base image from Debian packages (apt-get, dpkg-deb)");

        string debs = Directory.CreateDirectory(Path.Combine(dir, "debs")).FullName;
        string rootfs = Directory.CreateDirectory(Path.Combine(dir, "rootfs")).FullName;
        Run(debs, "apt-get", ["download", .. Packages]);
        foreach (string deb in Directory.GetFiles(debs, "*.deb")) Run(debs, "dpkg-deb", ["-x", deb, rootfs]);

        CopyRuntime(rootfs);
        WriteConventions(rootfs);

        string tar = Path.Combine(dir, "layer.tar");
        Run(dir, "tar", ["--sort=name", "--mtime=@0", "--numeric-owner", "-C", rootfs, "-cf", tar, "."]);
        string diffId = Digest(File.ReadAllBytes(tar));
        string gz = Path.Combine(dir, "layer.tar.gz");
        using (var input = File.OpenRead(tar))
        using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
            input.CopyTo(output);
        byte[] layer = File.ReadAllBytes(gz);

        byte[] config = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject
            {
                ["Env"] = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_UID=1654",
                    "ASPNETCORE_HTTP_PORTS=8080", "DOTNET_RUNNING_IN_CONTAINER=true",
                    "DOTNET_VERSION=" + RuntimeInformation.FrameworkDescription.Split(' ')[^1]),
                ["WorkingDir"] = "/",
            },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(diffId) },
        });

        var blobs = new Dictionary<string, string>();
        string Store(byte[] bytes)
        {
            string digest = Digest(bytes);
            string path = Path.Combine(dir, digest.Replace(':', '-'));
            File.WriteAllBytes(path, bytes);
            blobs[digest] = path;
            return digest;
        }
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = Store(config), ["size"] = config.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = Store(layer),
                ["size"] = layer.Length }),
        };
        return new LocalBaseImage(JsonSerializer.SerializeToUtf8Bytes(manifest), blobs);
    }

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The <c>dotnet</c> host and the two shared frameworks this process runs on, at the aspnet image's paths.</summary>
    private static void CopyRuntime(string rootfs)
    {
        var netcore = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/'));
        string dotnetRoot = netcore.Parent!.Parent!.Parent!.FullName;
        string target = Path.Combine(rootfs, "usr/share/dotnet");
        Directory.CreateDirectory(Path.Combine(target, "shared"));
        Run(rootfs, "cp", ["-a", Path.Combine(dotnetRoot, "dotnet"), Path.Combine(dotnetRoot, "host"), target]);
        foreach (string framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            string to = Directory.CreateDirectory(Path.Combine(target, "shared", framework)).FullName;
            Run(rootfs, "cp", ["-a", Path.Combine(dotnetRoot, "shared", framework, netcore.Name), to]);
        }
        Directory.CreateDirectory(Path.Combine(rootfs, "usr/bin"));
        File.CreateSymbolicLink(Path.Combine(rootfs, "usr/bin/dotnet"), "/usr/share/dotnet/dotnet");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void WriteConventions(string rootfs)
    {
        Directory.CreateDirectory(Path.Combine(rootfs, "etc/ssl/certs"));
        File.WriteAllText(Path.Combine(rootfs, "etc/passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1654:1654:app:/home/app:/usr/sbin/nologin\n");
        File.WriteAllText(Path.Combine(rootfs, "etc/group"), "root:x:0:\napp:x:1654:\n");
        // What update-ca-certificates would have made (dpkg-deb -x runs no maintainer scripts).
        var pems = Directory.GetFiles(Path.Combine(rootfs, "usr/share/ca-certificates"), "*.crt", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(rootfs, "etc/ssl/certs/ca-certificates.crt"), string.Concat(pems.Select(File.ReadAllText)));
        foreach (string d in new[] { "tmp", "home/app", "proc", "dev" }) Directory.CreateDirectory(Path.Combine(rootfs, d));
        File.SetUnixFileMode(Path.Combine(rootfs, "tmp"), (UnixFileMode)0b1_111_111_111);
        Run(rootfs, "chown", ["1654:1654", Path.Combine(rootfs, "home/app")]);
    }

    internal static string Run(string dir, string exe, string[] args)
    {
        var result = ProcessRunner.Run(exe, args, dir);
        if (result.ExitCode != 0) Assert.Fail($"{exe} {string.Join(' ', args)} exited with {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
