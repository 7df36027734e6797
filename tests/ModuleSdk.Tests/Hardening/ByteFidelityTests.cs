using System.Text;
using ModuleSdk.ModFile;
using ModuleSdk.Tests.Cli;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// Invalid UTF-8 in module.mod comments and module.sum lines: Go keeps the bytes; so must every
/// edit here, which changes only what it edits.
/// </summary>
[TestClass]
public sealed class ByteFidelityTests
{
    private static readonly byte[] Bad = [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82];

    private static byte[] Bytes(string before, string after) => [.. Encoding.UTF8.GetBytes(before), .. Bad, .. Encoding.UTF8.GetBytes(after)];

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [TestMethod]
    public void LosslessUtf8_RoundTripsAnyBytes()
    {
        var random = new Random(9);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            CollectionAssert.AreEqual(bytes, LosslessUtf8.Encode(LosslessUtf8.Decode(bytes)));
        }
        Assert.AreEqual("héllo ✓ 😀", LosslessUtf8.Decode(Encoding.UTF8.GetBytes("héllo ✓ 😀")));
    }

    [TestMethod]
    public async Task Get_And_Vendor_KeepInvalidBytes_InModComments_AndSumLines()
    {
        using var f = Universe.Create(null);
        byte[] comment = Bytes("// caf", " (latin-1 and broken sequences)\n");
        File.WriteAllBytes(f.ModFile,
            [.. Encoding.UTF8.GetBytes("module example.com/main\n\n"), .. comment, .. Encoding.UTF8.GetBytes("require example.com/a v1.0.0\n")]);
        await f.Ok("list", "-m", "all");
        byte[] oddLine = Bytes("example.com/z", " v1.0.0 h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
        File.WriteAllBytes(f.SumFile, [.. File.ReadAllBytes(f.SumFile), .. oddLine]);

        await f.Ok("get", "example.com/d@v1.0.0");
        var mod = File.ReadAllBytes(f.ModFile);
        Assert.IsTrue(Contains(mod, comment), Encoding.UTF8.GetString(mod));
        StringAssert.Contains(f.Mod, "example.com/d v1.0.0");
        Assert.IsTrue(Contains(File.ReadAllBytes(f.SumFile), oddLine), "module.sum line");
        StringAssert.Contains(f.Sum, "example.com/d v1.0.0/module.mod h1:");

        await f.Ok("vendor");
        Assert.IsTrue(Contains(File.ReadAllBytes(f.ModFile), comment));
        Assert.IsTrue(Contains(File.ReadAllBytes(f.SumFile), oddLine));

        await f.Ok("edit", "-require=example.com/c@v1.0.0");
        Assert.IsTrue(Contains(File.ReadAllBytes(f.ModFile), comment));
    }

    /// <summary>The reference: Go 1.19's go get keeps the same bytes in a go.mod comment.</summary>
    [TestMethod]
    public void Go_KeepsInvalidBytesInGoModComments()
    {
        ModuleSdk.Tests.TestSupport.GoTool.RequireGo();
        using var f = Universe.Create(null);
        byte[] comment = Bytes("// caf", " (latin-1 and broken sequences)\n");
        f.GoOk(Universe.GoTwin("module example.com/main\n"), "mod", "edit", "-fmt");
        string goMod = Path.Combine(f.GoWork, "go.mod");
        File.WriteAllBytes(goMod,
            [.. Encoding.UTF8.GetBytes("module example.com/main\n\ngo 1.16\n\n"), .. comment, .. Encoding.UTF8.GetBytes("require example.com/a v1.0.0\n")]);
        var r = ModuleSdk.Tests.TestSupport.GoTool.Run(f.GoWork, f.GoPath, f.Proxy.Url, "get", "example.com/d@v1.0.0");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.IsTrue(Contains(File.ReadAllBytes(goMod), comment), File.ReadAllText(goMod));
    }
}
