namespace ModuleSdk.Fetching;

/// <summary>
/// The <c>.info</c> JSON of the GOPROXY protocol, as the go command writes and reads it: for
/// servers that answer <c>@v/$ver.info</c> and <c>@latest</c> (the proxy server) with exactly
/// the bytes the module cache holds.
/// </summary>
public static class RevInfoJson
{
    /// <summary>
    /// Serializes an info as Go's <c>json.Marshal</c> of <c>RevInfo</c>:
    /// <c>{"Version":"v1.2.0","Time":"2019-01-02T03:04:05Z"}</c>, an <c>Origin</c> object when
    /// present, no trailing newline.
    /// </summary>
    public static byte[] Format(RevInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return InfoFile.Format(info);
    }

    /// <summary>
    /// Parses an info as a proxy client does (the version must be canonical); throws
    /// <see cref="Diagnostics.ModuleException"/> (<see cref="Diagnostics.DiagnosticCodes.InvalidProxyResponse"/>)
    /// naming <paramref name="context"/> and <paramref name="source"/> when it is not one.
    /// </summary>
    public static RevInfo Parse(byte[] data, string context, string source)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ProxyClient.ParseInfo(data, context, source);
    }
}
