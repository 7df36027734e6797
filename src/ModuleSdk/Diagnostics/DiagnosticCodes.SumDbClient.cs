namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary><c>--sbom</c> names a format other than <c>cyclonedx</c> or <c>spdx</c>.</summary>
    public const string SbomUnknownFormat = "MOD6701";

    /// <summary><c>--sbom</c> found no assembly carrying module build information under the given paths.</summary>
    public const string SbomNoAssemblies = "MOD6702";

    /// <summary><c>MODSUMDB</c> (or <c>ModuleSumDb</c>) is malformed: not <c>off</c>, not <c>name+hash+key [url]</c>, or a bad URL.</summary>
    public const string SumDbConfigInvalid = "MOD6703";

    /// <summary>SECURITY ERROR: a downloaded hash does not match the one the checksum database records for the version.</summary>
    public const string SumDbMismatch = "MOD6704";

    /// <summary>SECURITY ERROR: the checksum database's new signed tree is not consistent with the one seen before (a fork).</summary>
    public const string SumDbFork = "MOD6705";

    /// <summary>The checksum database could not be reached or answered an error (the version was not added to <c>module.sum</c>).</summary>
    public const string SumDbUnreachable = "MOD6706";

    /// <summary>The checksum database's answer could not be authenticated: the record is not the one the signed tree holds, or lies outside it.</summary>
    public const string SumDbRecordUnproven = "MOD6707";

    /// <summary><c>version -m --verify</c>: a stamped module's hash is not vouched for by the checksum database.</summary>
    public const string SumDbNotVouched = "MOD6708";

    /// <summary><c>sumdb audit</c>: the log records two different hashes for one module version.</summary>
    public const string SumDbAuditDuplicate = "MOD6709";

    /// <summary>An operation needs a checksum database but <c>MODSUMDB</c> is off or unset.</summary>
    public const string SumDbNotConfigured = "MOD6710";

    /// <summary><c>sumdb audit</c>: a tile does not match the signed head, or a record is malformed or recorded twice.</summary>
    public const string SumDbAuditTile = "MOD6711";

    /// <summary>
    /// SECURITY ERROR: the log's data tiles, read by the client in bulk, record one module version
    /// twice with different hashes.
    /// </summary>
    public const string SumDbLogTwoHashes = "MOD6712";
}
