using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModuleSdk.Diagnostics;
using NSec.Cryptography;

namespace ModuleSdk.SumDb;

/// <summary>
/// Go's note keys (<c>sumdb/note</c>): a verifier key <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64&gt;</c>
/// and a signer key <c>PRIVATE+KEY+&lt;name&gt;+&lt;hash&gt;+&lt;base64&gt;</c>, where the base64 is an
/// algorithm byte (1: Ed25519) followed by the public key or the private seed, and the hash is
/// the first four bytes, in hex, of <c>SHA-256(name + "\n" + 0x01 + public key)</c>.
/// </summary>
public static class NoteKeys
{
    /// <summary>The algorithm byte of Ed25519 keys.</summary>
    public const byte AlgEd25519 = 1;

    /// <summary>The key hash of <paramref name="name"/> and an algorithm-prefixed public key.</summary>
    public static uint KeyHash(string name, ReadOnlySpan<byte> algAndKey)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
        sha.AppendData(algAndKey);
        return BinaryPrimitives.ReadUInt32BigEndian(sha.GetHashAndReset());
    }

    /// <summary>
    /// Reports whether <paramref name="name"/> is a valid key name: not empty, valid UTF-8, no
    /// white space, no <c>+</c>.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Contains('+') && !name.Any(char.IsWhiteSpace) && IsWellFormed(name);

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// Generates a new Ed25519 key pair for <paramref name="name"/>: the signer key (secret: keep
    /// it in a file only the server reads) and the verifier key (public: what clients configure).
    /// </summary>
    public static (string SignerKey, string VerifierKey) Generate(string name)
    {
        if (!IsValidName(name))
            throw new ModuleException(DiagnosticCodes.SumDbKeyInvalid, $"invalid key name \"{name}\": it must be non-empty, without spaces or '+'");
        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        byte[] seed = key.Export(KeyBlobFormat.RawPrivateKey);
        byte[] pub = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        try
        {
            return (FormatSigner(name, seed, pub), FormatVerifier(name, pub));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The verifier key of an Ed25519 public key (Go's <c>NewEd25519VerifierKey</c>).</summary>
    public static string FormatVerifier(string name, ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32) throw new ModuleException(DiagnosticCodes.SumDbKeyInvalid, $"invalid public key size {publicKey.Length}, expected 32");
        byte[] algAndKey = [AlgEd25519, .. publicKey];
        return $"{name}+{KeyHash(name, algAndKey).ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String(algAndKey)}";
    }

    private static string FormatSigner(string name, ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey)
    {
        byte[] algAndPub = [AlgEd25519, .. publicKey];
        byte[] algAndSeed = [AlgEd25519, .. seed];
        try
        {
            return $"PRIVATE+KEY+{name}+{KeyHash(name, algAndPub).ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String(algAndSeed)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(algAndSeed);
        }
    }

    /// <summary>Splits <c>name+hash+base64</c> into its parts; false when the hash is not 8 hex digits or the base64 is bad.</summary>
    internal static bool TrySplit(string key, out string name, out uint hash, out byte[] decoded)
    {
        name = "";
        hash = 0;
        decoded = [];
        int a = key.IndexOf('+');
        if (a < 0) return false;
        name = key[..a];
        string rest = key[(a + 1)..];
        int b = rest.IndexOf('+');
        string hash16 = b < 0 ? rest : rest[..b];
        string key64 = b < 0 ? "" : rest[(b + 1)..];
        if (hash16.Length != 8 || !uint.TryParse(hash16, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash)) return false;
        try
        {
            decoded = Convert.FromBase64String(key64);
        }
        catch (FormatException)
        {
            return false;
        }
        return IsValidName(name) && decoded.Length > 0;
    }
}
