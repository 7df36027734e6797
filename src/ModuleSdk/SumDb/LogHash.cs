using System.Security.Cryptography;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.SumDb;

/// <summary>
/// A SHA-256 hash in the transparency log (Go's <c>tlog.Hash</c>): a record hash, an interior
/// node hash or a tree hash. Immutable; compares by value; prints as standard base64.
/// </summary>
public readonly struct LogHash : IEquatable<LogHash>
{
    /// <summary>The size of a hash in bytes.</summary>
    public const int Size = 32;

    private readonly byte[]? _bytes;

    /// <summary>Copies a hash from exactly <see cref="Size"/> bytes.</summary>
    public LogHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size) throw new ArgumentException($"a log hash has {Size} bytes, not {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The hash's bytes (all zero for <c>default</c>).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Size];

    /// <summary>The hash of an empty tree: SHA-256 of nothing.</summary>
    public static LogHash Empty { get; } = new(SHA256.HashData([]));

    /// <summary>Parses the standard base64 of 32 bytes; throws MOD6605 otherwise.</summary>
    public static LogHash Parse(string base64) =>
        TryParse(base64, out var h) ? h : throw new ModuleException(DiagnosticCodes.SumDbTreeMalformed, $"malformed hash {base64}");

    /// <summary>Reports whether <paramref name="base64"/> is the standard base64 of 32 bytes.</summary>
    public static bool TryParse(string? base64, out LogHash hash)
    {
        hash = default;
        Span<byte> buffer = stackalloc byte[Size + 3];
        if (base64 is null || base64.Length != 44 || !Convert.TryFromBase64String(base64, buffer, out int n) || n != Size) return false;
        hash = new LogHash(buffer[..Size]);
        return true;
    }

    /// <summary>The standard base64 of the hash.</summary>
    public override string ToString() => Convert.ToBase64String(Bytes);

    /// <inheritdoc/>
    public bool Equals(LogHash other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LogHash h && Equals(h);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    /// <summary>Value equality.</summary>
    public static bool operator ==(LogHash a, LogHash b) => a.Equals(b);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(LogHash a, LogHash b) => !a.Equals(b);
}
