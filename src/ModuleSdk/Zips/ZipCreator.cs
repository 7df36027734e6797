using System.IO.Compression;
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

    public static void Create(Stream output, ModuleId module, IEnumerable<IModuleFile> files, ZipRules rules)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(files);
        ZipInspector.CheckModule(module);
        var checkedFiles = rules.CheckFiles(files, out var validFiles);
        checkedFiles.ThrowIfInvalid();

        var sorted = validFiles.ToArray();
        Array.Sort(sorted, (a, b) => Utf8Ordinal.Instance.Compare(a.Path, b.Path));
        string prefix = module.Path + "@" + module.Version + "/";
        // Always write as to a stream that cannot seek, so the layout (sizes in data
        // descriptors after each entry) does not depend on what the caller passed in.
        using var forwardOnly = new ForwardOnlyStream(output);
        using (var zip = new ZipArchive(forwardOnly, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var f in sorted)
            {
                var entry = zip.CreateEntry(prefix + f.Path, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                entry.ExternalAttributes = RegularFileAttributes;
                using var source = f.Open();
                using var target = entry.Open();
                long copied = CopyAtMost(source, target, f.Size + 1);
                if (copied > f.Size)
                    throw new ModuleException(DiagnosticCodes.ZipSizeMismatch,
                        $"file {ZipRules.Quote(f.Path)} is larger than declared size ({f.Size} bytes); did it change while the zip was being created?");
            }
        }
        forwardOnly.Flush();
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; returns how many were copied.</summary>
    public static long CopyAtMost(Stream source, Stream target, long limit)
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
                total += n;
            }
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hides seeking (and position) from the zip writer.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
