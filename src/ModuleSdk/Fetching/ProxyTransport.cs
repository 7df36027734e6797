namespace ModuleSdk.Fetching;

/// <summary>
/// How one proxy base URL is read: over HTTP(S) or from a directory (<c>file://</c>). Paths are
/// relative to the base and already escaped (<c>example.com/!foo/@v/list</c>). Transports throw
/// <see cref="ModuleNotFoundException"/> for "not found", <see cref="Diagnostics.ModuleException"/>
/// for every other failure, and let <see cref="ProxyBody.BodyTooLargeException"/> through for the
/// client to word.
/// </summary>
internal abstract class ProxyTransport
{
    /// <summary>The URL of <paramref name="relative"/>, fit to show (password redacted).</summary>
    public abstract string DisplayUrl(string relative);

    /// <summary>Reads a whole (small) file.</summary>
    public abstract Task<byte[]> GetBytesAsync(
        string relative, string context, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken);

    /// <summary>Streams a (large) file into <paramref name="destination"/>.</summary>
    public abstract Task CopyToAsync(
        string relative, string context, Stream destination, long limit, Action<ReadOnlySpan<byte>>? checkHead, CancellationToken cancellationToken);
}
