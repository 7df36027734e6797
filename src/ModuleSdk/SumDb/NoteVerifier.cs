using ModuleSdk.Diagnostics;
using NSec.Cryptography;

namespace ModuleSdk.SumDb;

/// <summary>
/// A note verifier key (Go's <c>note.NewVerifier</c>): a name, a key hash and an Ed25519 public
/// key, parsed from <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64&gt;</c> (a <c>GOSUMDB</c>/<c>MODSUMDB</c> key).
/// </summary>
public sealed class NoteVerifier
{
    private readonly PublicKey _key;

    private NoteVerifier(string name, uint keyHash, PublicKey key, string text)
    {
        Name = name;
        KeyHash = keyHash;
        _key = key;
        Key = text;
    }

    /// <summary>The key's name (the database's name, such as <c>sum.golang.org</c>).</summary>
    public string Name { get; }

    /// <summary>The key hash that signature lines name.</summary>
    public uint KeyHash { get; }

    /// <summary>The verifier key as given.</summary>
    public string Key { get; }

    /// <summary>
    /// Parses a verifier key; throws MOD6601 when it is malformed, names an unknown algorithm,
    /// or its hash does not match its name and key.
    /// </summary>
    public static NoteVerifier Parse(string verifierKey)
    {
        if (!NoteKeys.TrySplit(verifierKey, out string name, out uint hash, out byte[] key))
            throw Invalid("malformed verifier id", verifierKey);
        if (hash != NoteKeys.KeyHash(name, key)) throw Invalid("invalid verifier hash", verifierKey);
        if (key[0] != NoteKeys.AlgEd25519) throw Invalid("unknown verifier algorithm", verifierKey);
        if (key.Length != 33) throw Invalid("malformed verifier id", verifierKey);
        var pub = PublicKey.Import(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPublicKey);
        return new NoteVerifier(name, hash, pub, verifierKey);
    }

    /// <summary>Reports whether <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureAlgorithm.Ed25519.SignatureSize && SignatureAlgorithm.Ed25519.Verify(_key, message, signature);

    /// <inheritdoc/>
    public override string ToString() => Key;

    // The key is public, but say only its name in errors: a malformed key may be a pasted secret.
    private static ModuleException Invalid(string what, string key) =>
        new(DiagnosticCodes.SumDbKeyInvalid,
            $"{what} in verifier key for \"{NameOf(key)}\": " +
            "want <name>+<8 hex digits>+<base64 of 0x01 and an Ed25519 public key>, as `modproxy keygen` prints");

    internal static string NameOf(string key) => key.Split('+')[0];
}
