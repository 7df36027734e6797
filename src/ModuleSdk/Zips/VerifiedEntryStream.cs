using System.IO.Compression;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Zips;

/// <summary>
/// Reads a zip entry while holding it to its central directory record: never more bytes than
/// the declared size, exactly that many by the end, and the declared CRC-32. The data is
/// decompressed by <see cref="ZipRawEntries"/> to the real end of the compressed stream: .NET's
/// entry stream silently stops at the declared size, so a lying header would otherwise yield a
/// truncated file with no error (Go's reader reports <c>zip: not a valid zip file</c>).
/// </summary>
internal sealed class VerifiedEntryStream : Stream
{
    private static readonly uint[] Table = BuildTable();
    private readonly Stream _inner;
    private readonly ZipArchiveEntry _entry;
    private readonly string _context;
    private uint _crc = 0xFFFFFFFF;
    private long _count;

    private VerifiedEntryStream(Stream inner, ZipArchiveEntry entry, string context)
    {
        _inner = inner;
        _entry = entry;
        _context = context;
    }

    /// <summary>Opens <paramref name="entry"/> of <paramref name="raw"/>'s zip; errors name <paramref name="context"/> (the zip file).</summary>
    public static Stream Open(ZipRawEntries raw, ZipArchiveEntry entry, string context)
    {
        try
        {
            return new VerifiedEntryStream(raw.OpenData(entry), entry, context);
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleException(DiagnosticCodes.ZipUnreadable, $"{context}: {entry.FullName}: corrupt entry: {ex.Message}", ex);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleException(DiagnosticCodes.ZipUnreadable, $"{_context}: {_entry.FullName}: corrupt entry: {ex.Message}", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new ModuleException(DiagnosticCodes.ZipUnreadable, $"{_context}: {_entry.FullName}: corrupt entry: {ex.Message}", ex);
        }
        if (n == 0 && buffer.Length > 0)
        {
            if (_count != _entry.Length)
                throw new ModuleException(DiagnosticCodes.ZipSizeMismatch,
                    $"{_context}: uncompressed size of file {_entry.FullName} is {_count} bytes, not the declared {_entry.Length}");
            if ((_crc ^ 0xFFFFFFFF) != _entry.Crc32)
                throw new ModuleException(DiagnosticCodes.ZipSizeMismatch,
                    $"{_context}: {_entry.FullName}: checksum error (content does not match the zip's CRC-32; declared size {_entry.Length} bytes)");
            return 0;
        }
        _count += n;
        if (_count > _entry.Length)
            throw new ModuleException(DiagnosticCodes.ZipSizeMismatch,
                $"{_context}: {_entry.FullName}: zip: not a valid zip file (the entry's data continues past its declared size of {_entry.Length} bytes)");
        uint crc = _crc;
        foreach (byte b in buffer[..n]) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _crc = crc;
        return n;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _entry.Length;
    public override long Position { get => _count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
