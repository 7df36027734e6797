namespace ModuleSdk.Verification;

/// <summary>What <see cref="Verifier"/> found wrong with one module in the cache.</summary>
public enum VerifyProblemKind
{
    /// <summary>The zip or the extracted directory is there but the <c>.ziphash</c> is not.</summary>
    MissingZipHash,

    /// <summary>The zip no longer hashes to the <c>.ziphash</c>.</summary>
    ZipModified,

    /// <summary>The extracted directory no longer hashes to the <c>.ziphash</c>.</summary>
    DirModified,

    /// <summary>The <c>.ziphash</c> disagrees with the module.sum line for the module.</summary>
    SumMismatch,

    /// <summary>The cached <c>.mod</c> disagrees with the module.sum <c>/module.mod</c> line.</summary>
    ModModified,

    /// <summary>A cached file could not be read or hashed (a zip that is no zip, a permission error).</summary>
    Unreadable,
}
