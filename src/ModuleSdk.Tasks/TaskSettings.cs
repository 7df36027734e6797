using ModuleSdk.Configuration;

namespace ModuleSdk.Tasks;

/// <summary>
/// Maps the SDK's properties onto <see cref="ModuleSettings"/>: each property defaults (in
/// Sdk.targets) to its environment variable, so a property set in the project wins over the
/// environment, and the locked mode follows NuGet's RestoreLockedMode habit of turning on in CI.
/// </summary>
internal static class TaskSettings
{
    public static ModuleSettings Create(string? proxy, string? cache, string? @private, string? repos, string? lockedMode, string? ci, string? continuousIntegrationBuild)
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
        bool locked = string.IsNullOrWhiteSpace(lockedMode)
            ? IsTrue(ci) || IsTrue(continuousIntegrationBuild) || IsTrue(Environment.GetEnvironmentVariable("MODLOCKED"))
            : IsTrue(lockedMode);
        return ModuleSettings.FromEnvironment(env) with { LockedMode = locked };
    }

    private static bool IsTrue(string? v) => v is not null && (v.Trim() == "1" || v.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}
