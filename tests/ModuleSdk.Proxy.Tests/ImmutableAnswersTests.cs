using ModuleSdk.Proxy.Serving;
using ModuleSdk.Proxy.Storage;

namespace ModuleSdk.Proxy.Tests;

/// <summary>The in-memory answers of hot versions: keyed by file, bounded, and never outliving their lifetime.</summary>
[TestClass]
public sealed class ImmutableAnswersTests
{
    [TestMethod]
    public void Answers_AreKeptPerFileOfAVersion()
    {
        var answers = new ImmutableAnswers();
        answers.Add("example.com/lib", "v1.0.0", StoredFileKind.Info, [1, 2], "sha256:x");
        Assert.IsTrue(answers.TryGet("example.com/lib", "v1.0.0", StoredFileKind.Info, out var a));
        CollectionAssert.AreEqual(new byte[] { 1, 2 }, a.Data);
        Assert.AreEqual("sha256:x", a.ETag);
        Assert.IsFalse(answers.TryGet("example.com/lib", "v1.0.0", StoredFileKind.Mod, out _));
        Assert.IsFalse(answers.TryGet("example.com/lib", "v1.0.1", StoredFileKind.Info, out _));
    }

    [TestMethod]
    public void AFullCache_StartsOver()
    {
        var answers = new ImmutableAnswers(capacity: 2);
        answers.Add("a.example/m", "v1.0.0", StoredFileKind.Info, [], "1");
        answers.Add("a.example/m", "v1.0.1", StoredFileKind.Info, [], "2");
        answers.Add("a.example/m", "v1.0.2", StoredFileKind.Info, [], "3");
        Assert.IsFalse(answers.TryGet("a.example/m", "v1.0.0", StoredFileKind.Info, out _));
        Assert.IsTrue(answers.TryGet("a.example/m", "v1.0.2", StoredFileKind.Info, out _));
    }
}
