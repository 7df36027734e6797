namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>(warning) A project of the main module has no usage record: it was never built with usage analysis.</summary>
    public const string UsageRecordMissing = "MOD5301";

    /// <summary>(warning) A project's usage record is older than one of its inputs.</summary>
    public const string UsageRecordStale = "MOD5302";

    /// <summary>(warning) A usage record could not be read.</summary>
    public const string UsageRecordMalformed = "MOD5303";

    /// <summary>(warning) A usage record names a module that is not in the build list.</summary>
    public const string UsedModuleNotInBuildList = "MOD5304";

    /// <summary><c>tidy -usage</c> needs a fresh usage record of every project, and some are missing or stale.</summary>
    public const string UsageIncomplete = "MOD5305";

    /// <summary>The build found no module map from restore (<c>obj/modulesdk/module-projects.txt</c>), so it cannot record usage.</summary>
    public const string UsageModuleMapMissing = "MOD9070";

    /// <summary>(warning) The compiled assembly could not be read to record usage.</summary>
    public const string UsageAssemblyUnreadable = "MOD9071";

    /// <summary>
    /// The SDK's usage analyzer (<c>src/ModuleSdk.Analyzers</c>, which cannot reference this
    /// library) declares this id and never reports it: an analyzer without an enabled diagnostic
    /// is not run by the compiler. Reserved; suppressing it turns the analyzer off.
    /// </summary>
    public const string UsageAnalyzer = "MOD9072";
}
