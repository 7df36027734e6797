namespace ModuleSdk.Sums;

/// <summary>
/// Go's dirhash Hash1 (<c>h1:</c>): SHA-256 over the sorted list of
/// <c>hex(sha256(content)) + "  " + name + "\n"</c> lines, base64-encoded.
/// </summary>
public static class Hash1
{
    /// <summary>Hashes named files; names are sorted ordinally (bytewise); a name with a newline is rejected.</summary>
    public static string Hash(IEnumerable<string> names, Func<string, Stream> open) => throw new NotImplementedException();

    /// <summary>Hashes a module zip: the names are the entry names (<c>path@version/file</c>); directory entries are skipped.</summary>
    public static string HashZip(string zipFile) => throw new NotImplementedException();

    /// <summary>Hashes an extracted module directory as if its files were zip entries under <paramref name="prefix"/> (<c>path@version</c>).</summary>
    public static string HashDir(string directory, string prefix) => throw new NotImplementedException();

    /// <summary>Hashes module file content under the single name <c>module.mod</c> (the <c>/module.mod</c> sum line).</summary>
    public static string HashModFile(ReadOnlySpan<byte> content) => throw new NotImplementedException();
}
