using System.Security.Cryptography;
using ModuleSdk.Diagnostics;
using NSec.Cryptography;

namespace ModuleSdk.SumDb;

/// <summary>
/// A note signer key (Go's <c>note.NewSigner</c>): parsed from
/// <c>PRIVATE+KEY+&lt;name&gt;+&lt;hash&gt;+&lt;base64&gt;</c>, it signs notes with Ed25519. Holds the
/// private key; dispose it when done. Never logs or prints the key.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private readonly NSec.Cryptography.Key _key;

    private NoteSigner(string name, uint keyHash, NSec.Cryptography.Key key)
    {
        Name = name;
        KeyHash = keyHash;
        _key = key;
        VerifierKey = NoteKeys.FormatVerifier(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The key's name.</summary>
    public string Name { get; }

    /// <summary>The key hash written in signature lines.</summary>
    public uint KeyHash { get; }

    /// <summary>The matching verifier key, for clients.</summary>
    public string VerifierKey { get; }

    /// <summary>
    /// Parses a signer key; throws MOD6601 when it is malformed, names an unknown algorithm, or
    /// its hash does not match its name and public key. The message never contains the key.
    /// </summary>
    public static NoteSigner Parse(string signerKey)
    {
        signerKey = signerKey.Trim();
        if (!signerKey.StartsWith("PRIVATE+KEY+", StringComparison.Ordinal)) throw Invalid("malformed signer key (it must start with PRIVATE+KEY+)", "");
        string rest = signerKey["PRIVATE+KEY+".Length..];
        if (!NoteKeys.TrySplit(rest, out string name, out uint hash, out byte[] key)) throw Invalid("malformed signer key", NoteVerifier.NameOf(rest));
        try
        {
            if (key[0] != NoteKeys.AlgEd25519) throw Invalid("unknown signer algorithm", name);
            if (key.Length != 33) throw Invalid("malformed signer key", name);
            var k = NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPrivateKey);
            byte[] pub = [NoteKeys.AlgEd25519, .. k.PublicKey.Export(KeyBlobFormat.RawPublicKey)];
            if (hash != NoteKeys.KeyHash(name, pub))
            {
                k.Dispose();
                throw Invalid("invalid signer key hash", name);
            }
            return new NoteSigner(name, hash, k);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The Ed25519 signature of <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(_key, message);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();

    private static ModuleException Invalid(string what, string name) =>
        new(DiagnosticCodes.SumDbKeyInvalid,
            $"{what}{(name.Length > 0 ? $" for \"{name}\"" : "")}: want PRIVATE+KEY+<name>+<8 hex digits>+<base64>, as `modproxy keygen` writes");
}
