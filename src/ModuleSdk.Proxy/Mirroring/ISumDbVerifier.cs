namespace ModuleSdk.Proxy.Mirroring;

/// <summary>
/// Asks the origin's checksum database whether it vouches for a version's two hashes (the
/// <c>h1:</c> of the zip and of the module file). Throws MOD6907 when it does not, MOD6909 when
/// it cannot be asked or its answer does not verify.
/// </summary>
public interface ISumDbVerifier
{
    /// <summary>Returns when the database vouches for both hashes; throws otherwise.</summary>
    Task VerifyAsync(string path, string version, string zipHash, string modHash, CancellationToken cancellationToken);
}
