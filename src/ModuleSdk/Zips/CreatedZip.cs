namespace ModuleSdk.Zips;

/// <summary>
/// What <see cref="ZipCreator"/> wrote: the entry names in the order written (sorted as the zip
/// rules sort them), the SHA-256 of each entry's content as it went into the entry (null unless
/// asked for), and the zip's length in bytes. With the digests, the zip's <c>h1:</c> hash (the
/// layer above, Sums) needs no second read of the zip.
/// </summary>
internal sealed record CreatedZip(IReadOnlyList<string> EntryNames, IReadOnlyList<byte[]>? Digests, long Length);
