using System.IO.Compression;
using System.Security.Cryptography;
using ModuleSdk.Diagnostics;
using ModuleSdk.Modules;

namespace ModuleSdk.Zips;

/// <summary>
/// Writes module zips deterministically: the same files give the same bytes, whoever builds the
/// zip (direct mode, the proxy server) and whatever order or timestamps the files came with.
/// </summary>
internal static class ZipCreator
{
    // The earliest time a zip (MS-DOS) timestamp can hold; Go's zip.Writer writes the same
    // for its zero time. Local file times would make every build of a zip different.
    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Unix regular file, rw-r--r--, in the high half of the external attributes.
    private const int RegularFileAttributes = unchecked((int)0x81A40000);

    public static void Create(Stream output, ModuleId module, IEnumerable<IModuleFile> files, ZipRules rules) =>
        Create(output, module, files, rules, digest: false);

    /// <summary>
    /// Writes the zip as <see cref="Create(Stream, ModuleId, IEnumerable{IModuleFile}, ZipRules)"/> and reports what it
    /// wrote: the entry names in the order written (sorted), the SHA-256 of each entry's content
    /// exactly as it went into the entry (with <paramref name="digest"/>; the bytes are hashed as they
    /// are copied, so nothing is read twice), and the zip's length in bytes.
    /// </summary>
    public static CreatedZip Create(Stream output, ModuleId module, IEnumerable<IModuleFile> files, ZipRules rules, bool digest)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        ZipInspector.CheckModule(module);
        var checkedFiles = rules.CheckFiles(files, out var validFiles);
        checkedFiles.ThrowIfInvalid();

        var sorted = validFiles.ToArray();
        Array.Sort(sorted, (a, b) => Utf8Ordinal.Instance.Compare(a.Path, b.Path));
        string prefix = module.Path + "@" + module.Version + "/";
        var names = new string[sorted.Length];
        var digests = digest ? new byte[sorted.Length][] : null;
        // Always write as to a stream that cannot seek, so the layout (sizes in data
        // descriptors after each entry) does not depend on what the caller passed in.
        using var forwardOnly = new ForwardOnlyStream(output);
        using (var zip = new ZipArchive(forwardOnly, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < sorted.Length; i++)
            {
                var f = sorted[i];
                names[i] = prefix + f.Path;
                var entry = zip.CreateEntry(names[i], CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = RegularFileAttributes;
                using var source = f.Open();
                using var target = entry.Open();
                using var hash = digest ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
                long copied = CopyAtMost(source, target, f.Size + 1, hash);
                if (copied > f.Size)
                    throw new ModuleException(DiagnosticCodes.ZipSizeMismatch,
                        $"file {ZipRules.Quote(f.Path)} is larger than declared size ({f.Size} bytes); did it change while the zip was being created?");
                if (digests is not null) digests[i] = hash!.GetHashAndReset();
            }
        }
        forwardOnly.Flush();
        return new CreatedZip(names, digests, forwardOnly.Written);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; returns how many were copied.</summary>
    public static long CopyAtMost(Stream source, Stream target, long limit) => CopyAtMost(source, target, limit, null);

    /// <summary>Copies at most <paramref name="limit"/> bytes, adding each to <paramref name="hash"/> (when given) as it is written.</summary>
    private static long CopyAtMost(Stream source, Stream target, long limit, IncrementalHash? hash)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            while (total < limit)
            {
                int n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - total));
                if (n == 0) break;
                target.Write(buffer, 0, n);
                hash?.AppendData(buffer, 0, n);
                total += n;
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hides seeking (and position) from the zip writer; counts what it writes.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Written += buffer.Length;
        }
    }
}
