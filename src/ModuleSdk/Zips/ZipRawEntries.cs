using System.Buffers.Binary;
using System.IO.Compression;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Zips;

/// <summary>
/// Where each entry's compressed bytes are in a zip, read from its central directory (zip64
/// included), so an entry can be decompressed without .NET's entry stream. That stream stops at
/// the size the directory declares, so an entry declaring 11 bytes whose compressed data inflates
/// to 45 MB would read as 11 bytes and pass; Go's reader decompresses the whole stream and
/// reports <c>zip: not a valid zip file</c>. Decompressing it ourselves, to its real end, lets
/// <see cref="VerifiedEntryStream"/> do the same.
/// </summary>
internal sealed class ZipRawEntries
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;

    private readonly Stream _stream;
    private readonly string _displayName;
    private readonly Dictionary<ZipArchiveEntry, Raw> _byEntry;

    private readonly record struct Raw(ushort Method, long CompressedSize, long LocalHeaderOffset);

    private ZipRawEntries(Stream stream, string displayName, Dictionary<ZipArchiveEntry, Raw> byEntry)
    {
        _stream = stream;
        _displayName = displayName;
        _byEntry = byEntry;
    }

    /// <summary>
    /// Reads the central directory of <paramref name="stream"/> (seekable, the stream
    /// <paramref name="archive"/> was opened on) and pairs its records with the archive's entries,
    /// which .NET lists in directory order.
    /// </summary>
    public static ZipRawEntries Read(Stream stream, ZipArchive archive, string displayName)
    {
        var raws = ReadDirectory(stream, displayName);
        var entries = archive.Entries;
        if (raws.Count != entries.Count)
            throw NotValid(displayName, $"the central directory holds {raws.Count} entries where {entries.Count} were read");
        var byEntry = new Dictionary<ZipArchiveEntry, Raw>(entries.Count, ReferenceEqualityComparer.Instance);
        for (int i = 0; i < raws.Count; i++) byEntry[entries[i]] = raws[i];
        return new ZipRawEntries(stream, displayName, byEntry);
    }

    /// <summary>
    /// The entry's data, decompressed to the real end of its compressed stream (not to the
    /// declared size): a stream that yields more than declared is how a lying entry shows.
    /// </summary>
    public Stream OpenData(ZipArchiveEntry entry)
    {
        var raw = _byEntry[entry];
        var header = new byte[30];
        _stream.Seek(raw.LocalHeaderOffset, SeekOrigin.Begin);
        _stream.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature)
            throw NotValid(_displayName, $"{entry.FullName}: no local file header at offset {raw.LocalHeaderOffset}");
        long start = raw.LocalHeaderOffset + 30
            + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        if (start > _stream.Length || raw.CompressedSize > _stream.Length - start)
            throw NotValid(_displayName, $"{entry.FullName}: compressed data ends past the end of the file");
        var data = new BoundedStream(_stream, start, raw.CompressedSize);
        return raw.Method switch
        {
            0 => data,
            8 => new DeflateStream(data, CompressionMode.Decompress),
            _ => throw new ModuleException(DiagnosticCodes.ZipUnreadable,
                $"{_displayName}: {entry.FullName}: zip: unsupported compression algorithm ({raw.Method})"),
        };
    }

    /// <summary>Go's <c>zip.ErrFormat</c>, with what was wrong.</summary>
    public static ModuleException NotValid(string displayName, string detail) =>
        new(DiagnosticCodes.ZipUnreadable, $"{displayName}: zip: not a valid zip file ({detail})");

    private static List<Raw> ReadDirectory(Stream s, string displayName)
    {
        try
        {
            return ReadDirectoryCore(s, displayName);
        }
        catch (EndOfStreamException)
        {
            throw NotValid(displayName, "the central directory ends early");
        }
    }

    private static List<Raw> ReadDirectoryCore(Stream s, string displayName)
    {
        long length = s.Length;
        int tail = (int)Math.Min(length, 22 + 65535);
        // Pooled: verify reads the directory of every zip in the build list, and a fresh zeroed
        // buffer of up to 64 KiB per zip was most of what it allocated.
        var pooled = System.Buffers.ArrayPool<byte>.Shared.Rent(tail);
        long count, dirOffset, eocdPos;
        try
        {
            var buf = pooled.AsSpan(0, tail);
            s.Seek(length - tail, SeekOrigin.Begin);
            s.ReadExactly(buf);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--)
                if (BinaryPrimitives.ReadUInt32LittleEndian(buf[i..]) == EndSignature) { eocd = i; break; }
            if (eocd < 0) throw NotValid(displayName, "no end of central directory record");
            count = BinaryPrimitives.ReadUInt16LittleEndian(buf[(eocd + 10)..]);
            dirOffset = BinaryPrimitives.ReadUInt32LittleEndian(buf[(eocd + 16)..]);
            eocdPos = length - tail + eocd;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(pooled);
        }
        if ((count == 0xFFFF || dirOffset == 0xFFFFFFFF) && eocdPos >= 20)
        {
            var loc = new byte[20];
            s.Seek(eocdPos - 20, SeekOrigin.Begin);
            s.ReadExactly(loc);
            if (BinaryPrimitives.ReadUInt32LittleEndian(loc) == Zip64LocatorSignature)
            {
                long z64 = (long)BinaryPrimitives.ReadUInt64LittleEndian(loc.AsSpan(8));
                var rec = new byte[56];
                if (z64 < 0 || z64 > length - 56) throw NotValid(displayName, "zip64 end of central directory out of range");
                s.Seek(z64, SeekOrigin.Begin);
                s.ReadExactly(rec);
                if (BinaryPrimitives.ReadUInt32LittleEndian(rec) != Zip64EndSignature) throw NotValid(displayName, "bad zip64 end of central directory");
                count = (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(32));
                dirOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(48));
            }
        }
        if (dirOffset < 0 || dirOffset > length) throw NotValid(displayName, "central directory out of range");
        var result = new List<Raw>((int)Math.Min(count, 65536));
        // The buffer is no larger than what follows the directory's start (a module's directory is
        // a few KiB; a 64 KiB buffer per zip was allocated and zeroed for nothing).
        int bufferSize = (int)Math.Clamp(length - dirOffset, 1, 65536);
        using var reader = new BinaryReader(new BufferedStream(new BoundedStream(s, dirOffset, length - dirOffset), bufferSize));
        var fixedPart = new byte[46];
        for (long n = 0; n < count; n++)
        {
            if (reader.Read(fixedPart, 0, 46) != 46 || BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != CentralSignature)
                throw NotValid(displayName, $"the end of central directory record declares {count} entries, the directory holds {n}");
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(10));
            long csize = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(20));
            long usize = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(24));
            int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(28));
            int extraLen = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(30));
            int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(32));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(42));
            reader.ReadBytes(nameLen);
            var extra = reader.ReadBytes(extraLen);
            reader.ReadBytes(commentLen);
            // The zip64 extra field holds, in this order, whichever of the three were 0xFFFFFFFF.
            for (int i = 0; i + 4 <= extra.Length;)
            {
                int id = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(i));
                int size = BinaryPrimitives.ReadUInt16LittleEndian(extra.AsSpan(i + 2));
                if (id == 1)
                {
                    int p = i + 4, end = Math.Min(extra.Length, p + size);
                    if (usize == 0xFFFFFFFF && p + 8 <= end) { p += 8; }
                    if (csize == 0xFFFFFFFF && p + 8 <= end) { csize = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra.AsSpan(p)); p += 8; }
                    if (offset == 0xFFFFFFFF && p + 8 <= end) { offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra.AsSpan(p)); }
                }
                i += 4 + size;
            }
            if (offset < 0 || offset > length - 30 || csize < 0) throw NotValid(displayName, "an entry lies outside the file");
            result.Add(new Raw(method, csize, offset));
        }
        return result;
    }

    /// <summary>A window of a seekable stream, read with its own position (the zip's stream is shared).</summary>
    private sealed class BoundedStream(Stream inner, long start, long length) : Stream
    {
        private long _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long left = length - _position;
            if (left <= 0 || buffer.Length == 0) return 0;
            if (buffer.Length > left) buffer = buffer[..(int)left];
            inner.Seek(start + _position, SeekOrigin.Begin);
            int n = inner.Read(buffer);
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
