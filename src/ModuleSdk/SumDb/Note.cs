using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>One signature line of a note: <c>— &lt;name&gt; &lt;base64(key hash || signature)&gt;</c>.</summary>
/// <param name="Name">The key's name.</param>
/// <param name="Hash">The key hash (the first four bytes of the decoded base64).</param>
/// <param name="Base64">The base64 as written.</param>
public readonly record struct NoteSignature(string Name, uint Hash, string Base64);

/// <summary>
/// A signed note (Go's <c>sumdb/note</c>): UTF-8 text without control characters but newlines,
/// ending in a newline, then a blank line, then signature lines
/// <c>— &lt;name&gt; &lt;base64(4-byte key hash || Ed25519 signature of the text)&gt;</c>.
/// <see cref="Open"/> verifies a note against known keys the way Go does: signatures by unknown
/// keys are kept aside (<see cref="UnverifiedSigs"/>), a bad signature by a known key is an
/// error (MOD6604), and a note with no signature by a known key is an error (MOD6603).
/// </summary>
/// <param name="Text">The signed text.</param>
/// <param name="Sigs">The signatures that verified.</param>
/// <param name="UnverifiedSigs">The signatures by keys not known to the reader.</param>
public sealed record Note(string Text, IReadOnlyList<NoteSignature> Sigs, IReadOnlyList<NoteSignature> UnverifiedSigs)
{
    private const string SigPrefix = "— ";
    private const int MaxSignatures = 100;

    /// <summary>An unsigned note with <paramref name="text"/>, to be signed.</summary>
    public static Note Unsigned(string text) => new(text, [], []);

    /// <summary>
    /// Opens a signed note: checks its form and its signatures against <paramref name="known"/>.
    /// Throws MOD6602 (malformed), MOD6604 (a known key's signature does not verify), MOD6603 (no
    /// known key signed it), MOD6601 (two known keys share a name and hash).
    /// </summary>
    public static Note Open(ReadOnlySpan<byte> message, IEnumerable<NoteVerifier> known)
    {
        string msg;
        try
        {
            msg = new UTF8Encoding(false, true).GetString(message);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("not UTF-8");
        }
        foreach (char c in msg)
            if (c < 0x20 && c != '\n') throw Malformed("a control character");

        int split = msg.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw Malformed("no blank line before the signatures");
        string text = msg[..(split + 1)];
        string sigs = msg[(split + 2)..];
        if (sigs.Length == 0 || sigs[^1] != '\n') throw Malformed("no signature lines");

        var byKey = new Dictionary<(string, uint), List<NoteVerifier>>();
        foreach (var v in known)
        {
            if (!byKey.TryGetValue((v.Name, v.KeyHash), out var l)) byKey[(v.Name, v.KeyHash)] = l = [];
            l.Add(v);
        }

        byte[] textBytes = Encoding.UTF8.GetBytes(text);
        var verified = new List<NoteSignature>();
        var unverified = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        var seenUnverified = new HashSet<string>(StringComparer.Ordinal);
        int count = 0;
        foreach (string full in sigs[..^1].Split('\n'))
        {
            if (!full.StartsWith(SigPrefix, StringComparison.Ordinal)) throw Malformed("a signature line does not start with \"— \"");
            string line = full[SigPrefix.Length..];
            int space = line.IndexOf(' ');
            string name = space < 0 ? line : line[..space];
            string b64 = space < 0 ? "" : line[(space + 1)..];
            byte[] sig;
            try
            {
                sig = Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                throw Malformed("a signature is not base64");
            }
            if (!NoteKeys.IsValidName(name) || b64.Length == 0 || sig.Length < 5) throw Malformed("a signature line is not \"— <name> <base64>\"");
            uint hash = BinaryPrimitives.ReadUInt32BigEndian(sig);
            if (++count > MaxSignatures) throw Malformed("more than 100 signatures");

            if (!byKey.TryGetValue((name, hash), out var candidates))
            {
                if (seenUnverified.Add(line)) unverified.Add(new NoteSignature(name, hash, b64));
                continue;
            }
            if (candidates.Count > 1) throw new ModuleException(DiagnosticCodes.SumDbKeyInvalid, $"ambiguous key {name}+{hash:x8}");
            if (!seen.Add((name, hash))) continue;
            if (!candidates[0].Verify(textBytes, sig.AsSpan(4)))
                throw new ModuleException(DiagnosticCodes.SumDbNoteBadSignature,
                    $"invalid signature for key {name}+{hash.ToString("x8", CultureInfo.InvariantCulture)}");
            verified.Add(new NoteSignature(name, hash, b64));
        }

        if (verified.Count == 0)
        {
            string who = unverified.Count == 0 ? "" : " (signed by unknown " + string.Join(", ", unverified.Select(s => $"{s.Name}+{s.Hash:x8}")) + ")";
            throw new ModuleException(DiagnosticCodes.SumDbNoteUnverified, "note has no verifiable signatures" + who);
        }
        return new Note(text, verified, unverified);
    }

    /// <summary>
    /// Signs the note's text with each of <paramref name="signers"/> and returns the signed note:
    /// the text, a blank line, this note's existing signatures (but those the signers replace),
    /// then the new ones. Throws MOD6602 when the text does not end in a newline.
    /// </summary>
    public byte[] Sign(params NoteSigner[] signers)
    {
        if (!Text.EndsWith('\n')) throw Malformed("the text does not end in a newline");
        byte[] text = Encoding.UTF8.GetBytes(Text);
        if (!HasNoControlCharacters(text)) throw Malformed("the text has a control character");
        var output = new StringBuilder(Text).Append('\n');
        var have = new HashSet<(string, uint)>();
        var added = new StringBuilder();
        foreach (var s in signers)
        {
            have.Add((s.Name, s.KeyHash));
            byte[] sig = s.Sign(text);
            byte[] line = new byte[4 + sig.Length];
            BinaryPrimitives.WriteUInt32BigEndian(line, s.KeyHash);
            sig.CopyTo(line, 4);
            added.Append(SigPrefix).Append(s.Name).Append(' ').Append(Convert.ToBase64String(line)).Append('\n');
        }
        foreach (var sig in Sigs.Concat(UnverifiedSigs))
        {
            if (!NoteKeys.IsValidName(sig.Name)) throw Malformed("a signature's name is invalid");
            if (have.Contains((sig.Name, sig.Hash))) continue;
            output.Append(SigPrefix).Append(sig.Name).Append(' ').Append(sig.Base64).Append('\n');
        }
        output.Append(added);
        return Encoding.UTF8.GetBytes(output.ToString());
    }

    private static bool HasNoControlCharacters(byte[] text) => !text.Any(b => b < 0x20 && b != '\n');

    private static ModuleException Malformed(string why) => new(DiagnosticCodes.SumDbNoteMalformed, "malformed note: " + why);
}
