using ModuleSdk.Usage;

namespace ModuleSdk.Resolution;

/// <summary>
/// The tidy workflow <c>dotnet mod tidy</c> and the <c>TidyModules</c> task share: the usage the
/// main module's builds recorded and its <c>ModuleReference</c> items, <see cref="ModuleTidy"/>
/// over them, and module.mod and module.sum saved. Usage analysis needs a fresh record for every
/// project; without one tidy works at the requirement level (nothing removed for lack of use),
/// or fails when usage is required (<c>tidy -usage</c>, MOD5305).
/// </summary>
public sealed class MainModuleTidy
{
    private readonly IReadOnlyList<string> _projectPaths;

    private MainModuleTidy(ModuleUsage usage, IReadOnlyList<string> projectPaths)
    {
        Usage = usage;
        _projectPaths = projectPaths;
    }

    /// <summary>What the builds recorded: complete (usage analysis) or not (its problems say why).</summary>
    public ModuleUsage Usage { get; }

    /// <summary>
    /// Collects the usage records and ModuleReference items of <paramref name="main"/>, before
    /// anything is loaded, so a caller can report missing records first.
    /// </summary>
    /// <param name="main">The main module.</param>
    /// <param name="requireUsage">Missing or stale records are an error instead of a fallback.</param>
    /// <param name="requiredBy">The command or task named in that error (<c>tidy -usage</c>, <c>TidyModules</c>).</param>
    /// <exception cref="Diagnostics.ModuleException">MOD5305, when <paramref name="requireUsage"/> and a record is missing or stale.</exception>
    public static MainModuleTidy Prepare(MainModule main, bool requireUsage, string requiredBy)
    {
        var usage = ModuleUsage.Collect(main.Directory);
        if (!usage.IsComplete && requireUsage) throw usage.IncompleteError(requiredBy, main.ModFilePath);
        var references = ModuleReferenceUses.Collect(main.Directory);
        return new MainModuleTidy(usage, references.Select(r => r.ProjectPath).ToList());
    }

    /// <summary>Tidies the loader's main module (usage analysis when <see cref="Usage"/> is complete) and saves module.mod and module.sum.</summary>
    /// <param name="loader">The main module's loader.</param>
    /// <param name="cancellationToken">Cancels loading and downloads; nothing is saved then.</param>
    /// <param name="continueOnError">Go's <c>tidy -e</c> (see <see cref="ModuleTidy.TidyAsync"/>).</param>
    public async Task<ModuleTidy.Result> RunAsync(ModuleLoader loader, CancellationToken cancellationToken = default, bool continueOnError = false)
    {
        var result = await ModuleTidy.TidyAsync(loader, Usage.IsComplete ? Usage.Modules : null, cancellationToken,
            projectPaths: _projectPaths, continueOnError).ConfigureAwait(false);
        loader.Main.Save();
        loader.Sums.Save(force: true);
        return result;
    }
}
