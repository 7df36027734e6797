using ModuleSdk.Configuration;

namespace ModuleSdk.Tasks;

/// <summary>
/// Maps the SDK's settings onto <see cref="ModuleSettings"/>: each property defaults (in
/// Sdk.targets) to its environment variable, so a property set in the project wins over the
/// environment. Locked mode arrives decided: Sdk.targets decides it once (ModuleLockedMode from
/// the property, MODLOCKED or CI, NuGet's RestoreLockedMode habit; ModuleMode=readonly) and passes
/// <c>true</c> or <c>false</c>; nothing here looks at MODLOCKED, CI or the mode again.
/// </summary>
internal static class TaskSettings
{
    public static ModuleSettings Create(string? proxy, string? cache, string? @private, string? repos, string? sumDb, string? noSumDb, bool lockedMode)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["MODPROXY"] = proxy,
            ["MODCACHE"] = cache,
            ["MODPRIVATE"] = @private,
            ["MODREPOS"] = repos,
            ["MODSUMDB"] = sumDb,
            ["MODNOSUMDB"] = noSumDb,
            ["MODINSECURE"] = Environment.GetEnvironmentVariable("MODINSECURE"),
            ["HOME"] = Environment.GetEnvironmentVariable("HOME"),
            ["USERPROFILE"] = Environment.GetEnvironmentVariable("USERPROFILE"),
        };
        return ModuleSettings.FromEnvironment(env) with { LockedMode = lockedMode };
    }
}
