using System.Security.Cryptography;
using System.Text;

namespace ModuleSdk.Sboms;

/// <summary>
/// A name-based UUID (RFC 4122 version 5, SHA-1 in the URL namespace) of a document's content, so
/// the same build list always gets the same serial number and document namespace: a bill of
/// materials is reproducible like the binary it describes.
/// </summary>
public static class ContentUuid
{
    // RFC 4122 appendix C: the URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    private static readonly byte[] UrlNamespace = Convert.FromHexString("6ba7b8119dad11d180b400c04fd430c8");

    /// <summary>The version-5 UUID of <paramref name="content"/>, lowercase with dashes.</summary>
    public static string Of(string content)
    {
        byte[] name = Encoding.UTF8.GetBytes("urn:modulesdk:sbom:" + content);
        byte[] input = new byte[UrlNamespace.Length + name.Length];
        UrlNamespace.CopyTo(input, 0);
        name.CopyTo(input, UrlNamespace.Length);
        // SHA-1 is what version 5 is defined with; it names, it does not protect anything.
        byte[] hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        string hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
