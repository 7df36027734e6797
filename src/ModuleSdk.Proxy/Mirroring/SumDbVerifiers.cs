using ModuleSdk.Proxy.Index;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>Makes the <see cref="ISumDbVerifier"/> <c>Mirror:SumDb</c> names (null: none configured).</summary>
public static class SumDbVerifiers
{
    /// <summary>The verifier of the origin's checksum database, or null without <c>Mirror:SumDb</c>.</summary>
    public static ISumDbVerifier? Create(MirrorOptions options, AppendLogs logs) =>
        options.SumDb is null ? null : new SumDbVerifier(options, logs.Get(MirrorSumDbStore.LogName));
}
