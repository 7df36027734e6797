namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>
    /// SECURITY ERROR: the checksum database's data tiles, read by the client in bulk, record one
    /// module version twice with different hashes.
    /// </summary>
    public const string SumDbLogTwoHashes = "MOD6910";
}
