using ModuleSdk.Diagnostics;

namespace ModuleSdk.Resolution;

/// <summary>
/// Reads and writes of the main module's own files (<c>module.mod</c>, <c>module.sum</c>): a
/// file or directory the user cannot read or write, a read-only file system or a full disk is
/// <see cref="DiagnosticCodes.MainModuleIoError"/> located at the file, never an unhandled
/// exception. Writes are atomic (<see cref="IO.AtomicFile"/>), so a failed one leaves the file
/// as it was.
/// </summary>
public static class MainModuleIo
{
    /// <summary>The text of <paramref name="file"/>, decoded losslessly (<see cref="ModFile.LosslessUtf8"/>).</summary>
    public static string ReadText(string file) => Wrap(file, "reading", () => ModFile.LosslessUtf8.ReadFile(file));

    /// <summary>Replaces <paramref name="file"/> with <paramref name="text"/> atomically, invalid bytes kept as they were read.</summary>
    public static void WriteText(string file, string text) => Wrap<object?>(file, "writing", () =>
    {
        IO.AtomicFile.WriteAllBytes(file, ModFile.LosslessUtf8.Encode(text));
        return null;
    });

    /// <summary>Runs <paramref name="action"/>, turning its I/O failures into the coded error at <paramref name="file"/>.</summary>
    public static T Wrap<T>(string file, string doing, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw new ModuleException(DiagnosticCodes.MainModuleIoError,
                $"{doing} {Path.GetFileName(file)}: {why} (in {Path.GetDirectoryName(file)})", file, inner: e);
        }
    }
}
