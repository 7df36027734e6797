using System.IO.Pipelines;
using ModuleSdk.Proxy.Serving;

namespace ModuleSdk.Proxy.Tests;

/// <summary>
/// How a stored zip goes into a response: every byte, in order, from a local file (read straight
/// into the pipe's memory) or any other stream, in bounded chunks; a file that ends early is an error.
/// </summary>
[TestClass]
public sealed class ZipBodyTests
{
    public TestContext TestContext { get; set; } = null!;

    // Sizes around the chunk size, and one smaller than a pipe segment.
    [TestMethod]
    [DataRow(0)]
    [DataRow(1000)]
    [DataRow(ZipBody.ChunkSize)]
    [DataRow(ZipBody.ChunkSize * 4 + 17)]
    public async Task AFile_IsWrittenWhole(int size)
    {
        byte[] data = RandomBytes(size);
        string file = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(file, data);
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            CollectionAssert.AreEqual(data, await WriteAsync(stream, data.Length));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public async Task AnotherStream_IsWrittenWhole()
    {
        byte[] data = RandomBytes(ZipBody.ChunkSize * 2 + 5);
        // A stream that returns little at a time, as a network stream (a blob download) does.
        await using var stream = new TrickleStream(data, 7000);
        CollectionAssert.AreEqual(data, await WriteAsync(stream, data.Length));
    }

    [TestMethod]
    public async Task AFileShorterThanItsLength_Fails()
    {
        string file = Path.Combine(TestContext.TestRunDirectory ?? Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(file, RandomBytes(1000));
        try
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read);
            await Assert.ThrowsExactlyAsync<IOException>(() => WriteAsync(stream, 2000));
        }
        finally
        {
            File.Delete(file);
        }
        await using var memory = new MemoryStream(RandomBytes(1000));
        await Assert.ThrowsExactlyAsync<IOException>(() => WriteAsync(memory, 2000));
    }

    private async Task<byte[]> WriteAsync(Stream content, long length)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await ZipBody.WriteAsync(content, length, pipe.Writer, TestContext.CancellationToken);
        await pipe.Writer.CompleteAsync();
        var copy = new MemoryStream();
        await pipe.Reader.CopyToAsync(copy, TestContext.CancellationToken);
        return copy.ToArray();
    }

    private static byte[] RandomBytes(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }

    private sealed class TrickleStream(byte[] data, int most) : MemoryStream(data, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
    }
}
