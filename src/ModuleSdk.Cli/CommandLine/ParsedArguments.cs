namespace ModuleSdk.Cli.CommandLine;

/// <summary>
/// A command line split into flags (in the order given, repeatable) and positional arguments.
/// Flags are accepted as <c>-name</c>, <c>--name</c>, <c>-name=value</c> and <c>-name value</c>
/// (the latter for flags that take a value), anywhere before a <c>--</c>, so both the go
/// command's habits and .NET's work.
/// </summary>
public sealed class ParsedArguments
{
    private readonly List<(string Name, string Value)> _flags = [];

    /// <summary>The positional arguments.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>Every flag occurrence in order.</summary>
    public IReadOnlyList<(string Name, string Value)> Flags => _flags;

    internal void AddFlag(string name, string value) => _flags.Add((name, value));

    /// <summary>Reports whether a boolean flag is set (last occurrence wins).</summary>
    public bool Has(string name)
    {
        for (int i = _flags.Count - 1; i >= 0; i--)
            if (_flags[i].Name == name) return _flags[i].Value != "false";
        return false;
    }

    /// <summary>The last value of a flag, or null.</summary>
    public string? Value(string name)
    {
        for (int i = _flags.Count - 1; i >= 0; i--)
            if (_flags[i].Name == name) return _flags[i].Value;
        return null;
    }

    /// <summary>
    /// Parses <paramref name="args"/> given the boolean flags and the flags taking a value;
    /// throws <see cref="UsageException"/> for unknown flags or a missing value.
    /// </summary>
    public static ParsedArguments Parse(IEnumerable<string> args, IReadOnlyCollection<string> boolFlags, IReadOnlyCollection<string> valueFlags)
    {
        var result = new ParsedArguments();
        using var e = args.GetEnumerator();
        bool flagsDone = false;
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (flagsDone || arg.Length < 2 || arg[0] != '-')
            {
                result.Positionals.Add(arg);
                continue;
            }
            if (arg == "--") { flagsDone = true; continue; }
            string body = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            string name = body, value = "";
            bool hasValue = false;
            int eq = body.IndexOf('=');
            if (eq >= 0) { name = body[..eq]; value = body[(eq + 1)..]; hasValue = true; }
            if (boolFlags.Contains(name))
            {
                if (hasValue && value is not ("true" or "false" or "1" or "0"))
                    throw new UsageException($"invalid boolean value \"{value}\" for -{name}");
                result.AddFlag(name, !hasValue || value is "true" or "1" ? "true" : "false");
            }
            else if (valueFlags.Contains(name))
            {
                if (!hasValue)
                {
                    if (!e.MoveNext()) throw new UsageException($"flag needs an argument: -{name}");
                    value = e.Current;
                }
                result.AddFlag(name, value);
            }
            else
            {
                throw new UsageException($"flag provided but not defined: -{name}");
            }
        }
        return result;
    }
}

/// <summary>A command line that cannot be understood; exit code 2 with the command's usage.</summary>
public sealed class UsageException(string message) : Exception(message);
