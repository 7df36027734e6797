namespace ModuleSdk.Proxy.Storage;

/// <summary>The files of one stored version.</summary>
public enum StoredFileKind
{
    /// <summary>The <c>.info</c> JSON: written last, the version's commit marker.</summary>
    Info,
    /// <summary>The module file (<c>.mod</c>).</summary>
    Mod,
    /// <summary>The module zip (<c>.zip</c>).</summary>
    Zip,
    /// <summary>The zip's <c>h1:</c> hash recorded when it was stored (<c>.ziphash</c>): its ETag and what <c>verify-storage</c> checks.</summary>
    ZipHash,
}

/// <summary>Extensions of the stored files, as in the go command's module cache.</summary>
public static class StoredFileKinds
{
    /// <summary>The file extension (without the dot).</summary>
    public static string Extension(this StoredFileKind kind) => kind switch
    {
        StoredFileKind.Info => "info",
        StoredFileKind.Mod => "mod",
        StoredFileKind.Zip => "zip",
        _ => "ziphash",
    };
}
