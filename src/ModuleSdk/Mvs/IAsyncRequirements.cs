using ModuleSdk.Modules;

namespace ModuleSdk.Mvs;

/// <summary>
/// A requirement graph read asynchronously (module files fetched with <see cref="HttpClient"/>),
/// for <see cref="MinimalVersionSelection.BuildGraphAsync"/>. The synchronous
/// <see cref="IRequirements.Required"/> defaults to waiting for <see cref="RequiredAsync"/>, which
/// suits Req, Upgrade and Downgrade: they run after the graph was loaded and its module files cached.
/// </summary>
public interface IAsyncRequirements : IRequirements
{
    /// <summary>The asynchronous form of <see cref="IRequirements.Required"/>; may be called concurrently.</summary>
    ValueTask<IReadOnlyList<ModuleId>> RequiredAsync(ModuleId module, CancellationToken cancellationToken);

    IReadOnlyList<ModuleId> IRequirements.Required(ModuleId module) =>
        RequiredAsync(module, CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
