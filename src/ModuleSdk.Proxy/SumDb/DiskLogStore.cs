using ModuleSdk.Diagnostics;
using ModuleSdk.IO;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// The log in a folder of <c>disk</c> storage (<c>&lt;Storage:Path&gt;/sumdb/&lt;name&gt;/</c>): one
/// file per blob, replaced atomically (the engine's <see cref="AtomicFile"/>, synced), so a
/// crash leaves the old content or the new. The folder is no module path (module paths need a
/// dot in their first element), so the version listings never see it. Writers of one folder, in
/// this process or another, take <c>writer.lock</c> (the engine's <see cref="FileLock"/>).
/// </summary>
public sealed class DiskLogStore(string root) : ILogStore
{
    /// <summary>The log's folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <inheritdoc/>
    public string Kind => "disk";

    private string FileOf(string name) => Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar));

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(FileOf(name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyStorageFailed, $"disk: reading the checksum database's {name} failed: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public Task WriteAsync(string name, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            AtomicFile.WriteAllBytes(FileOf(name), data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.ProxyStorageFailed, $"disk: writing the checksum database's {name} failed: {e.Message}", e);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<IDisposable?> LockWriterAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        return await FileLock.AcquireAsync(Path.Combine(Root, "writer.lock"), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
    }
}
