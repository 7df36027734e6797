namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>A zip entry is not under <c>path@version/</c>.</summary>
    public const string ZipBadPrefix = "MOD4001";

    /// <summary>A file name in a module (zip entry or file) is not clean, not relative, or breaks the file name rules.</summary>
    public const string ZipBadFileName = "MOD4002";

    /// <summary>Two file names are equal under case folding.</summary>
    public const string ZipCaseCollision = "MOD4003";

    /// <summary>A name is used both for a file and a directory.</summary>
    public const string ZipFileAndDirectory = "MOD4004";

    /// <summary>A file appears twice.</summary>
    public const string ZipDuplicateFile = "MOD4005";

    /// <summary>A <c>module.mod</c> in a zip is below the module root.</summary>
    public const string ZipModFileNotInRoot = "MOD4006";

    /// <summary>The root module file is not spelled <c>module.mod</c> in lowercase.</summary>
    public const string ZipModFileCase = "MOD4007";

    /// <summary>The zip file or the module's total uncompressed content exceeds 500 MiB.</summary>
    public const string ZipTooLarge = "MOD4008";

    /// <summary><c>module.mod</c> or <c>LICENSE</c> exceeds 16 MiB.</summary>
    public const string ZipFileTooLarge = "MOD4009";

    /// <summary>A file holds more bytes than its declared size (a lying zip header, or a file that grew while zipping).</summary>
    public const string ZipSizeMismatch = "MOD4010";

    /// <summary>A zip entry is a symbolic link.</summary>
    public const string ZipSymlink = "MOD4011";

    /// <summary>The extraction target exists and is not an empty directory.</summary>
    public const string ZipTargetNotEmpty = "MOD4012";

    /// <summary>The file is not a readable zip, or an entry is corrupt.</summary>
    public const string ZipUnreadable = "MOD4013";

    /// <summary>Not an error: the code attached to files the rules leave out of a zip (<c>CheckedFiles.Omitted</c> in Zips).</summary>
    public const string ZipOmitted = "MOD4014";
}
