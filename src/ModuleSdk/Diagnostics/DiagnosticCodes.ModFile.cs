namespace ModuleSdk.Diagnostics;

public static partial class DiagnosticCodes
{
    /// <summary>module.mod breaks the lexical or block grammar: <c>/*</c> comments, a bad character, an unterminated string or block.</summary>
    public const string ModFileSyntax = "MOD2001";

    /// <summary>A directive or block type the main module's module.mod does not allow (<c>go</c>, <c>toolchain</c>, ...).</summary>
    public const string UnknownDirective = "MOD2002";

    /// <summary>A directive has the wrong shape (wrong number of arguments, a bad retract interval, extra tokens).</summary>
    public const string DirectiveUsage = "MOD2003";

    /// <summary>A quoted string is malformed, or an unquoted token contains a quote.</summary>
    public const string InvalidQuotedString = "MOD2004";

    /// <summary>More than one <c>module</c> directive.</summary>
    public const string RepeatedModule = "MOD2005";

    /// <summary>The main module's module.mod has no <c>module</c> directive.</summary>
    public const string MissingModule = "MOD2006";

    /// <summary>A version in module.mod is not valid semver (<c>v1.2.3</c>).</summary>
    public const string ModFileInvalidVersion = "MOD2007";

    /// <summary>A version in the main module's module.mod is valid but not canonical (<c>v1.2</c> for <c>v1.2.0</c>).</summary>
    public const string ModFileNonCanonicalVersion = "MOD2008";

    /// <summary>A version's major does not agree with the module path's <c>/vN</c> suffix.</summary>
    public const string ModFileMajorMismatch = "MOD2009";

    /// <summary>A module path in module.mod breaks Go's module path rules.</summary>
    public const string ModFileInvalidPath = "MOD2010";

    /// <summary>A <c>replace</c> directive's replacement is neither a directory nor a module with a version.</summary>
    public const string InvalidReplacement = "MOD2011";

    /// <summary><c>retract</c> is used in a file with no <c>module</c> directive.</summary>
    public const string RetractWithoutModule = "MOD2012";

    /// <summary>An edit of module.mod was given an invalid argument (a non-canonical version, a bad path).</summary>
    public const string InvalidModFileEdit = "MOD2013";
}
