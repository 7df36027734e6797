using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Tests.SumDb;

[TestClass]
public class TlogTests
{
    /// <summary>A log built record by record, as a server appends: all stored hashes in memory.</summary>
    internal sealed class MemoryLog
    {
        public List<LogHash> Stored { get; } = [];
        public List<byte[]> Records { get; } = [];
        public IHashReader Reader => HashReader.Of(Stored);

        public async Task AppendAsync(byte[] data)
        {
            var hashes = await Tlog.StoredHashesAsync(Records.Count, data, Reader, default);
            Stored.AddRange(hashes);
            Records.Add(data);
        }

        public static async Task<MemoryLog> WithAsync(int n)
        {
            var log = new MemoryLog();
            for (int i = 0; i < n; i++) await log.AppendAsync(Encoding.UTF8.GetBytes($"leaf {i}"));
            return log;
        }
    }

    // RFC 6962's definition, straight from the leaves: the reference the stored-hash scheme must match.
    private static LogHash Reference(IReadOnlyList<byte[]> leaves, int lo, int hi)
    {
        if (hi - lo == 0) return LogHash.Empty;
        if (hi - lo == 1) return Tlog.RecordHash(leaves[lo]);
        int k = 1;
        while (k * 2 < hi - lo) k *= 2;
        return Tlog.NodeHash(Reference(leaves, lo, lo + k), Reference(leaves, lo + k, hi));
    }

    [TestMethod]
    public void StoredHashIndex_RoundTrips()
    {
        for (int l = 0; l < 10; l++)
            for (long n = 0; n < 100; n++)
                Assert.AreEqual((l, n), Tlog.SplitStoredHashIndex(Tlog.StoredHashIndex(l, n)));
        Assert.AreEqual(0, Tlog.StoredHashIndex(0, 0));
        Assert.AreEqual(1, Tlog.StoredHashIndex(0, 1));
        Assert.AreEqual(2, Tlog.StoredHashIndex(1, 0));
        Assert.AreEqual(4, Tlog.StoredHashIndex(0, 3));
        Assert.AreEqual(6, Tlog.StoredHashIndex(2, 0));
    }

    [TestMethod]
    public async Task TreeHash_MatchesRfc6962_AndStoredHashCount()
    {
        var log = new MemoryLog();
        for (int i = 0; i < 70; i++)
        {
            await log.AppendAsync(Encoding.UTF8.GetBytes($"leaf {i}"));
            Assert.AreEqual(Tlog.StoredHashCount(i + 1), log.Stored.Count);
            Assert.AreEqual(Reference(log.Records, 0, i + 1), await Tlog.TreeHashAsync(i + 1, log.Reader, default));
        }
        Assert.AreEqual(LogHash.Empty, await Tlog.TreeHashAsync(0, log.Reader, default));
        Assert.AreEqual("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", LogHash.Empty.ToString());
    }

    [TestMethod]
    public async Task Proofs_CheckAndTamperedAreRefused()
    {
        var log = await MemoryLog.WithAsync(40);
        for (long t = 1; t <= 40; t++)
        {
            var th = await Tlog.TreeHashAsync(t, log.Reader, default);
            for (long n = 0; n < t; n++)
            {
                var p = await Tlog.ProveRecordAsync(t, n, log.Reader, default);
                Tlog.CheckRecord(p, t, th, n, Tlog.RecordHash(log.Records[(int)n]));
                var wrongLeaf = Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckRecord(p, t, th, n, Tlog.RecordHash("other"u8)));
                Assert.AreEqual(DiagnosticCodes.SumDbProofFailed, wrongLeaf.Code);
                if (p.Count > 0)
                {
                    var bad = p.ToList();
                    bad[0] = Tlog.RecordHash("x"u8);
                    Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckRecord(bad, t, th, n, Tlog.RecordHash(log.Records[(int)n])));
                    Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckRecord(p.Skip(1).ToList(), t, th, n, Tlog.RecordHash(log.Records[(int)n])));
                }
                var oh = await Tlog.TreeHashAsync(n + 1, log.Reader, default);
                var tp = await Tlog.ProveTreeAsync(t, n + 1, log.Reader, default);
                Tlog.CheckTree(tp, t, th, n + 1, oh);
                Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckTree(tp, t, th, n + 1, Tlog.RecordHash("fork"u8)));
                if (tp.Count > 0)
                {
                    var bad = tp.ToList();
                    bad[^1] = Tlog.RecordHash("x"u8);
                    Assert.ThrowsExactly<ModuleException>(() => Tlog.CheckTree(bad, t, th, n + 1, oh));
                }
            }
        }
    }
}
