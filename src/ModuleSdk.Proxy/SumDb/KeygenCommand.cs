using ModuleSdk.Diagnostics;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// <c>modproxy keygen &lt;name&gt; &lt;file&gt;</c>: writes a new signer key to the file (mode 0600,
/// never over an existing file) and prints the verifier key clients configure.
/// </summary>
public static class KeygenCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Count != 2)
        {
            stderr.WriteLine("usage: modproxy keygen <name> <file>");
            return 2;
        }
        string name = args[0], file = args[1];
        var (signer, verifier) = NoteKeys.Generate(name);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var w = new StreamWriter(file, new System.Text.UTF8Encoding(false), options))
                w.Write(signer + "\n");
        }
        catch (IOException e) when (File.Exists(file))
        {
            throw new ModuleException(DiagnosticCodes.SumDbConfigurationInvalid,
                $"{file} exists: keygen never replaces a key (a new key is a key rotation: clients must be told); choose another file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleException(DiagnosticCodes.SumDbConfigurationInvalid, $"cannot write {file}: {e.Message}", e);
        }
        stdout.WriteLine(verifier);
        stderr.WriteLine($"wrote the signer key of {name} to {file}; run modproxy with --SumDb:Name={name} --SumDb:SignerKey={file}; " +
            $"clients: GOSUMDB=\"{verifier} <proxy>/sumdb/{name}\"");
        return 0;
    }
}
