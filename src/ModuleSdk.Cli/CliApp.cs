using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Cli.Commands;
using ModuleSdk.Diagnostics;

namespace ModuleSdk.Cli;

/// <summary>The <c>dotnet mod</c> entry point, callable in process (tests) and from Program.</summary>
public static class CliApp
{
    /// <summary>The verbs, in the order <c>dotnet mod help</c> lists them.</summary>
    public static IReadOnlyList<Command> Commands { get; } =
    [
        new InitCommand(),
        new EditCommand(),
        new ListCommand(),
        new GraphCommand(),
        new WhyCommand(),
        new GetCommand(),
        new TidyCommand(),
        new DownloadCommand(),
        new VerifyCommand(),
        new VendorCommand(),
        new CleanCommand(),
        new VersionCommand(),
        new SumDbCommand(),
        new FixCommand(),
    ];

    /// <summary>The exit code of a command stopped by Ctrl+C: 128 + SIGINT, as shells report it.</summary>
    public const int CanceledExitCode = 130;

    /// <summary>Runs one command line; returns the process exit code (0 success, 1 failure, 2 usage,
    /// 130 canceled by <see cref="CliContext.CancellationToken"/>).</summary>
    public static async Task<int> RunAsync(CliContext context, string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help" or "-?")
        {
            var topic = args.Length > 1 ? Find(args[1]) : null;
            if (topic is not null) context.Out.WriteLine(topic.Usage + "\n\n" + topic.Description);
            else PrintHelp(args.Length == 0 ? context.Error : context.Out);
            return args.Length == 0 ? 2 : 0;
        }
        var command = Find(args[0]);
        if (command is null)
        {
            context.Error.WriteLine($"dotnet mod {args[0]}: unknown command\nRun 'dotnet mod help' for usage.");
            return 2;
        }
        ParsedArguments parsed;
        try
        {
            parsed = ParsedArguments.Parse(args.Skip(1), [.. command.BoolFlags, "h", "help"], command.ValueFlags);
            if (parsed.Has("h") || parsed.Has("help"))
            {
                context.Out.WriteLine(command.Usage + "\n\n" + command.Description);
                return 0;
            }
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"dotnet mod {command.Name}: {e.Message}\nusage: {command.Usage}");
            return 2;
        }
        try
        {
            return await command.RunAsync(context, parsed).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"dotnet mod {command.Name}: {e.Message}\nusage: {command.Usage}");
            return 2;
        }
        catch (Exception e) when (context.CancellationToken.IsCancellationRequested && IsCancellation(e))
        {
            // Ctrl+C: the core stopped at its next await, parallel step or zip entry. Its writes
            // are atomic (temporary file or directory, then rename) and the commands save
            // module.mod and module.sum only after the work succeeded, so nothing is half-written.
            context.Error.WriteLine("dotnet mod: canceled");
            return CanceledExitCode;
        }
        catch (ModuleException e)
        {
            context.Error.WriteLine(FormatError(e));
            return 1;
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("dotnet mod: canceled");
            return 1;
        }
        catch (Exception e)
        {
            // The last resort: every expected failure is a ModuleException with its own code, so
            // this is a bug or an input nobody foresaw. One coded line, not a stack trace; -x
            // (on the verbs that take it, as in Go: download, get, list) adds the trace for a bug report.
            context.Error.WriteLine(FormatInternalError("dotnet mod " + command.Name, e));
            if (parsed.Has("x")) context.Error.WriteLine(e.ToString());
            return 1;
        }
    }

    /// <summary>The one line for an unexpected exception: <c>error MOD8004: internal error in ...: Type: message</c>.</summary>
    public static string FormatInternalError(string where, Exception e) =>
        $"error {DiagnosticCodes.InternalError}: internal error in {where}: {e.GetType().Name}: {OneLine(e.Message)}" +
        " (run with -x for details, and please report it)";

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The error line(s) for a diagnostic: <c>error MOD2002: module.mod:3: unknown directive: go</c>.
    /// The code is the root cause's: a checksum mismatch met while loading the build list is
    /// wrapped in the chain of requirements that led to it (MOD5001), but scripts and users act
    /// on the cause (MOD7003 is a security error, MOD6007 a disabled proxy), so that code is shown
    /// while the message keeps the whole chain.
    /// </summary>
    public static string FormatError(ModuleException e) => $"error {RootCode(e)}: {e.LocatedMessage}";

    /// <summary>The code of the innermost <see cref="ModuleException"/> in <paramref name="e"/>'s chain (see <see cref="FormatError"/>).</summary>
    public static string RootCode(ModuleException e)
    {
        string code = e.Code;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is ModuleException me) code = me.Code;
        return code;
    }

    // An OperationCanceledException anywhere in the chain: the core may wrap a cancelled load
    // in its own error (MOD5001 "error loading module requirements"), and Parallel.ForEachAsync
    // may gather several.
    private static bool IsCancellation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException) return true;
            if (e is AggregateException a && a.InnerExceptions.Any(IsCancellation)) return true;
        }
        return false;
    }

    private static Command? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("dotnet mod: Go-style modules for .NET.\n\nUsage:\n\n\tdotnet mod <command> [arguments]\n\nThe commands are:\n");
        foreach (var c in Commands) w.WriteLine($"\t{c.Name,-10} {c.Summary}");
        w.WriteLine("\nUse \"dotnet mod help <command>\" for more information about a command.");
    }
}
