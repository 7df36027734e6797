namespace ModuleSdk.Diagnostics;

// The codes of issue 9's hardening (hostile sources, hostile repositories, full disks, unreadable
// files), kept in one file so that they merge cleanly beside the areas' own files.
public static partial class DiagnosticCodes
{
    /// <summary>
    /// A repository URL direct mode refuses: <c>http</c>/<c>git</c> without <c>MODINSECURE</c>,
    /// <c>file</c> chosen by a <c>?go-get=1</c> page, or an unsupported scheme.
    /// </summary>
    public const string InsecureRepository = "MOD6112";

    /// <summary><c>dotnet mod</c> met an exception no check foresaw (a bug): reported on one line, the stack trace only with <c>-x</c>.</summary>
    public const string InternalError = "MOD8004";

    /// <summary>An SDK task met an exception no check foresaw (a bug): one error, the stack trace at diagnostic verbosity.</summary>
    public const string TaskInternalError = "MOD9040";

    /// <summary>A module version (or path) is valid but too long for a module cache file name (255 bytes).</summary>
    public const string VersionTooLongForCache = "MOD1009";

    /// <summary>A zip entry's path is too long for this file system to extract (a 300-character name, thousands of levels).</summary>
    public const string ZipPathTooLong = "MOD4015";

    /// <summary>
    /// Reading or writing a main module file (<c>module.mod</c>, <c>module.sum</c>) failed:
    /// permissions, a read-only file system, a full disk.
    /// </summary>
    public const string MainModuleIoError = "MOD7016";
}
