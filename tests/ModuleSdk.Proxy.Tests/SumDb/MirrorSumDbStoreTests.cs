using System.Text;
using ModuleSdk.Proxy.Index;
using ModuleSdk.Proxy.Mirroring;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.Tests.SumDb;

/// <summary>The mirror's store of the origin database's timeline, in an append log of the proxy's storage.</summary>
[TestClass]
public sealed class MirrorSumDbStoreTests
{
    private static byte[] Head(NoteSigner signer, long n, LogHash hash) => Note.Unsigned(new LogTree(n, hash).Format()).Sign(signer);

    [TestMethod]
    public async Task TheLatestHead_IsReplacedOnlyWhenUnchanged_AndOldTreeLinesStillCount()
    {
        var (signerKey, _) = NoteKeys.Generate("sum.mirror.test");
        using var signer = NoteSigner.Parse(signerKey);
        var h1 = Head(signer, 1, Tlog.RecordHash("a\n"u8));
        var h2 = Head(signer, 2, Tlog.RecordHash("b\n"u8));
        var log = new MemoryAppendLog();
        var store = new MirrorSumDbStore(log);
        Assert.IsNull(await store.ReadLatestAsync(default));
        Assert.IsTrue(await store.TryReplaceLatestAsync(null, h1, default));
        CollectionAssert.AreEqual(h1, await store.ReadLatestAsync(default));
        Assert.IsFalse(await store.TryReplaceLatestAsync(null, h2, default), "another writer stored a head since");
        Assert.IsTrue(await store.TryReplaceLatestAsync(h1, h2, default));
        // A second instance on the same storage reads the same timeline.
        CollectionAssert.AreEqual(h2, await new MirrorSumDbStore(log).ReadLatestAsync(default));
        StringAssert.StartsWith((await log.ReadAsync(0, default))[^1], "2 ");

        // A mirror of an earlier version kept "N hash" lines: the client reads them as its own
        // unsigned record of the timeline.
        var legacy = new MemoryAppendLog();
        var hash = Tlog.RecordHash("c\n"u8);
        await legacy.AppendAsync(_ => "7 " + hash, default);
        var note = await new MirrorSumDbStore(legacy).ReadLatestAsync(default);
        string text = Encoding.UTF8.GetString(note!);
        Assert.AreEqual(new LogTree(7, hash), LogTree.Parse(text[..(text.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)]));
    }
}
