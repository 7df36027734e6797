using System.Text;
using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Tests.SumDb;

[TestClass]
public class NoteTests
{
    // Go's own vectors (x/mod sumdb/note/note_test.go).
    private const string PeterSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string PeterVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string EnochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [TestMethod]
    public void Sign_MatchesGoVector()
    {
        using var signer = NoteSigner.Parse(PeterSigner);
        Assert.AreEqual(PeterVerifier, signer.VerifierKey);
        Assert.AreEqual(Text + "\n" + PeterSig, Encoding.UTF8.GetString(Note.Unsigned(Text).Sign(signer)));
    }

    [TestMethod]
    public void Sign_ReplacesOwnSignature_KeepsOthers()
    {
        using var signer = NoteSigner.Parse(PeterSigner);
        var note = new Note(Text, [new NoteSignature("PeterNeumann", 0xc74f20a3, "BADSIGN=")], [new NoteSignature("EnochRoot", 0xaf0cfe78, EnochSig[12..^1])]);
        Assert.AreEqual(Text + "\n" + EnochSig + PeterSig, Encoding.UTF8.GetString(note.Sign(signer)));
    }

    [TestMethod]
    public void Open_VerifiesKnownKey_KeepsUnknownAside()
    {
        var v = NoteVerifier.Parse(PeterVerifier);
        var n = Note.Open(Bytes(Text + "\n" + PeterSig + EnochSig), [v]);
        Assert.AreEqual(Text, n.Text);
        Assert.AreEqual(1, n.Sigs.Count);
        Assert.AreEqual(0xc74f20a3u, n.Sigs[0].Hash);
        Assert.AreEqual("EnochRoot", n.UnverifiedSigs.Single().Name);
    }

    [TestMethod]
    public void Open_UnknownKeyOnly_IsUnverified()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => Note.Open(Bytes(Text + "\n" + EnochSig), [NoteVerifier.Parse(PeterVerifier)]));
        Assert.AreEqual(DiagnosticCodes.SumDbNoteUnverified, e.Code);
        StringAssert.Contains(e.Message, "EnochRoot+af0cfe78");
    }

    [TestMethod]
    public void Open_TamperedText_IsBadSignature()
    {
        var e = Assert.ThrowsExactly<ModuleException>(() =>
            Note.Open(Bytes(Text.Replace("answer", "ANSWER") + "\n" + PeterSig), [NoteVerifier.Parse(PeterVerifier)]));
        Assert.AreEqual(DiagnosticCodes.SumDbNoteBadSignature, e.Code);
        Assert.AreEqual("invalid signature for key PeterNeumann+c74f20a3", e.Message);
    }

    [TestMethod]
    public void Open_TamperedSignature_IsBadSignature()
    {
        string bad = PeterSig.Replace("x08go/ZJ", "x08go/ZK");
        var e = Assert.ThrowsExactly<ModuleException>(() => Note.Open(Bytes(Text + "\n" + bad), [NoteVerifier.Parse(PeterVerifier)]));
        Assert.AreEqual(DiagnosticCodes.SumDbNoteBadSignature, e.Code);
    }

    [TestMethod]
    [DataRow("no blank line\n— PeterNeumann x08go/ZJ=\n")]
    [DataRow("text\n\n")]
    [DataRow("text\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=")]
    [DataRow("text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    [DataRow("text\n\n— PeterNeumann AAAA\n")]
    [DataRow("te\txt\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")]
    public void Open_Malformed(string message)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => Note.Open(Bytes(message), [NoteVerifier.Parse(PeterVerifier)]));
        Assert.AreEqual(DiagnosticCodes.SumDbNoteMalformed, e.Code);
    }

    [TestMethod]
    public void GeneratedKeys_SignAndVerify()
    {
        var (skey, vkey) = NoteKeys.Generate("sum.example.test");
        StringAssert.StartsWith(skey, "PRIVATE+KEY+sum.example.test+");
        using var signer = NoteSigner.Parse(skey);
        Assert.AreEqual(vkey, signer.VerifierKey);
        var n = Note.Open(Note.Unsigned("go.sum database tree\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n").Sign(signer), [NoteVerifier.Parse(vkey)]);
        Assert.AreEqual("sum.example.test", n.Sigs.Single().Name);
        // Another key of the same name is a different key hash: the note is unverified for it.
        var (_, other) = NoteKeys.Generate("sum.example.test");
        var e = Assert.ThrowsExactly<ModuleException>(() => Note.Open(Note.Unsigned("x\n").Sign(signer), [NoteVerifier.Parse(other)]));
        Assert.AreEqual(DiagnosticCodes.SumDbNoteUnverified, e.Code);
    }

    [TestMethod]
    [DataRow("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // wrong hash
    [DataRow("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T")] // bad base64
    [DataRow("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")] // wrong length, adjusted hash
    [DataRow("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // unknown algorithm, adjusted hash
    [DataRow("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [DataRow("PeterNeumann")]
    public void Verifier_Bad(string key)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => NoteVerifier.Parse(key));
        Assert.AreEqual(DiagnosticCodes.SumDbKeyInvalid, e.Code);
    }

    [TestMethod]
    public void Signer_Bad_NeverEchoesTheKey()
    {
        string bad = PeterSigner.Replace("c74f20a3", "c74f20a4");
        var e = Assert.ThrowsExactly<ModuleException>(() => NoteSigner.Parse(bad));
        Assert.AreEqual(DiagnosticCodes.SumDbKeyInvalid, e.Code);
        Assert.IsFalse(e.Message.Contains("AYEKFALV", StringComparison.Ordinal));
        Assert.AreEqual(DiagnosticCodes.SumDbKeyInvalid, Assert.ThrowsExactly<ModuleException>(() => NoteSigner.Parse(PeterVerifier)).Code);
    }
}
