using ModuleSdk.Configuration;

namespace ModuleSdk.Tasks;

/// <summary>
/// Maps the SDK's properties onto <see cref="ModuleSettings"/>: each property defaults (in
/// Sdk.targets) to its environment variable, so a property set in the project wins over the
/// environment. Locked mode arrives decided: Sdk.targets turns it on from MODLOCKED or in CI
/// (NuGet's RestoreLockedMode habit), in one place, which its ModuleVerifyOnBuild default reads too.
/// </summary>
internal static class TaskSettings
{
    public static ModuleSettings Create(string? proxy, string? cache, string? @private, string? repos, string? lockedMode)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODPROXY"] = proxy,
            ["MODCACHE"] = cache,
            ["MODPRIVATE"] = @private,
            ["MODREPOS"] = repos,
            ["MODINSECURE"] = Environment.GetEnvironmentVariable("MODINSECURE"),
            ["HOME"] = Environment.GetEnvironmentVariable("HOME"),
            ["USERPROFILE"] = Environment.GetEnvironmentVariable("USERPROFILE"),
        };
        return ModuleSettings.FromEnvironment(env) with { LockedMode = IsTrue(lockedMode) };
    }

    private static bool IsTrue(string? v) => v is not null && (v.Trim() == "1" || v.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}
