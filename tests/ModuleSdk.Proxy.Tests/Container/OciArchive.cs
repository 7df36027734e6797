using System.Formats.Tar;
using System.Text.Json;

namespace ModuleSdk.Proxy.Tests.Container;

/// <summary>
/// Reads the archive <c>ContainerArchiveOutputPath</c> writes (an OCI image layout in a tar:
/// <c>index.json</c> → manifest → config and layers, each checked against its digest) and unpacks
/// the layers in order into a root file system, as a container runtime would.
/// </summary>
internal static class OciArchive
{
    public static (JsonElement Config, string RootFs) Unpack(string archive, string dir)
    {
        string layout = Directory.CreateDirectory(Path.Combine(dir, "layout")).FullName;
        TarFile.ExtractToDirectory(archive, layout, overwriteFiles: false);

        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var manifests = index.RootElement.GetProperty("manifests");
        Assert.AreEqual(1, manifests.GetArrayLength(), "one image in the archive");
        using var manifest = JsonDocument.Parse(Blob(layout, manifests[0].GetProperty("digest").GetString()!));
        var config = JsonDocument.Parse(Blob(layout, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!)).RootElement.Clone();

        string rootfs = Directory.CreateDirectory(Path.Combine(dir, "rootfs")).FullName;
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            string digest = layer.GetProperty("digest").GetString()!;
            Blob(layout, digest);
            // GNU tar: ownership, modes and symbolic links as the layer records them (we are root).
            LocalBaseImage.Run(rootfs, "tar", ["--numeric-owner", "-xzf", BlobPath(layout, digest), "-C", rootfs]);
        }
        Directory.CreateDirectory(Path.Combine(rootfs, "proc"));
        Directory.CreateDirectory(Path.Combine(rootfs, "dev"));
        return (config, rootfs);
    }

    private static string BlobPath(string layout, string digest) =>
        Path.Combine(layout, "blobs", digest.Split(':')[0], digest.Split(':')[1]);

    private static byte[] Blob(string layout, string digest)
    {
        byte[] bytes = File.ReadAllBytes(BlobPath(layout, digest));
        Assert.AreEqual(digest, LocalBaseImage.Digest(bytes), "blob content matches its digest");
        return bytes;
    }
}
