using System.Buffers.Binary;
using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;
using ModuleSdk.Sums;
using ModuleSdk.Tests.TestSupport;
using ModuleSdk.Tests.Zips;
using ModuleSdk.Zips;

namespace ModuleSdk.Tests.Hardening;

/// <summary>
/// Zips whose directory lies: an entry whose compressed stream holds far more than the size (and
/// matching CRC-32) it declares, and an end record counting entries that are not there. Go
/// refuses both (<c>zip: not a valid zip file</c>); so must extraction and hashing, with a coded
/// error and nothing left behind.
/// </summary>
[TestClass]
public sealed class LyingZipTests
{
    private static readonly ModuleId M = new("example.com/m", "v1.0.0");
    private const string P = "example.com/m@v1.0.0/";

    /// <summary>Declares <paramref name="size"/> bytes with the CRC-32 of the content's first <paramref name="size"/> bytes, in both headers of entry
    /// <paramref name="index"/>.</summary>
    internal static byte[] Understate(byte[] zip, int index, byte[] content, int size)
    {
        zip = (byte[])zip.Clone();
        uint crc = Crc32(content.AsSpan(0, size));
        int local = 0, central = 0;
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x04034b50 && local++ == index)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 14), crc);
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), (uint)size);
            }
            if (sig == 0x02014b50 && central++ == index)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 16), crc);
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), (uint)size);
            }
        }
        return zip;
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFF;
    }

    /// <summary>An end record declaring <paramref name="count"/> entries.</summary>
    internal static byte[] ClaimEntries(byte[] zip, ushort count)
    {
        zip = (byte[])zip.Clone();
        for (int i = zip.Length - 22; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) != 0x06054b50) continue;
            BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(i + 8), count);
            BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(i + 10), count);
            break;
        }
        return zip;
    }

    private static byte[] Bomb(out byte[] content)
    {
        // 45 MB that deflate to about 45 KB, behind an honest-looking 11-byte prefix.
        content = new byte[45 << 20];
        Encoding.ASCII.GetBytes("hello world").CopyTo(content, 0);
        var zip = GoProxyFixture.RawZip((P + "module.mod", "module example.com/m\n"));
        using var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in new[] { (P + "module.mod", Encoding.UTF8.GetBytes("module example.com/m\n")), (P + "big.txt", content) })
            {
                using var s = z.CreateEntry(name, System.IO.Compression.CompressionLevel.Optimal).Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }

    private static void AssertRefused(byte[] zip, string expected, params string[] codes)
    {
        using var dir = new TempDir("lyingzip");
        string file = dir.Combine("m.zip");
        File.WriteAllBytes(file, zip);
        var ex = Assert.ThrowsExactly<ModuleException>(() => ModuleZip.Extract(file, M, dir.Combine("out")));
        CollectionAssert.Contains(codes, ex.Code, ex.ToString());
        StringAssert.Contains(ex.Message, expected);
        CollectionAssert.AreEqual(new[] { "m.zip" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).ToArray(),
            "extraction left something behind");
        var hx = Assert.ThrowsExactly<ModuleException>(() => Hash1.HashZip(file));
        StringAssert.Contains(hx.Message, expected);
    }

    [TestMethod]
    [DataRow(11, DisplayName = "declares its first 11 bytes")]
    [DataRow(0, DisplayName = "declares 0 bytes, CRC 0")]
    public void Entry_HoldingMoreThanDeclared_NotAValidZip(int declared)
    {
        var zip = Understate(Bomb(out var content), 1, content, declared);
        AssertRefused(zip, "zip: not a valid zip file", DiagnosticCodes.ZipSizeMismatch);
    }

    [TestMethod]
    public void EndRecord_Claims65535Entries_HoldsTwo_CodedError()
    {
        var zip = ClaimEntries(GoProxyFixture.RawZip((P + "module.mod", "module example.com/m\n"), (P + "a.cs", "class A {}")), 0xFFFF);
        AssertRefused(zip, "not a valid zip file", DiagnosticCodes.ZipUnreadable, DiagnosticCodes.HashZipUnreadable);
    }
}
