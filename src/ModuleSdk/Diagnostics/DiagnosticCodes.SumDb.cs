namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>
    /// A note signer or verifier key (<c>PRIVATE+KEY+name+hash+base64</c>, <c>name+hash+base64</c>)
    /// is malformed, names an unknown algorithm, or its hash does not match its name and key.
    /// </summary>
    public const string SumDbKeyInvalid = "MOD6601";

    /// <summary>
    /// A signed note is malformed: control characters, no blank line before the signatures, a
    /// signature line that is not <c>— name base64</c>.
    /// </summary>
    public const string SumDbNoteMalformed = "MOD6602";

    /// <summary>A signed note has no signature by a known key (Go's "note has no verifiable signatures"; an unknown key is not an error by itself).</summary>
    public const string SumDbNoteUnverified = "MOD6603";

    /// <summary>A signed note carries a signature by a known key that does not verify (Go's "invalid signature for key").</summary>
    public const string SumDbNoteBadSignature = "MOD6604";

    /// <summary>A tree note is not <c>go.sum database tree\n&lt;N&gt;\n&lt;base64 hash&gt;\n</c>.</summary>
    public const string SumDbTreeMalformed = "MOD6605";

    /// <summary>A log record (or a lookup answer's record) is malformed, or is not the two <c>module.sum</c> lines of the module version asked for.</summary>
    public const string SumDbRecordMalformed = "MOD6606";

    /// <summary>An inclusion or consistency proof does not check against the signed tree (Go's "invalid transparency proof").</summary>
    public const string SumDbProofFailed = "MOD6607";

    /// <summary>A tile path is malformed, or tile data is too short for its tile or inconsistent with the signed tree.</summary>
    public const string SumDbTileInvalid = "MOD6608";

    /// <summary>The log holds, or was asked to add, a second, different hash for a module version it already records; the log keeps the first.</summary>
    public const string SumDbConflictingHash = "MOD6609";

    /// <summary>
    /// The proxy's checksum database configuration is invalid (<c>SumDb:Name</c> without
    /// <c>SumDb:SignerKey</c>, an unreadable key file, a key for another name).
    /// </summary>
    public const string SumDbConfigurationInvalid = "MOD6610";

    /// <summary>The checksum database's stored log is inconsistent (a tile or record missing or not matching the signed tree head).</summary>
    public const string SumDbLogCorrupt = "MOD6611";
}
