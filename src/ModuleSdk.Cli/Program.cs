using System.Text;
using ModuleSdk.Cli;

var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
// Ctrl+C cancels the command: the token flows into the core, which stops at its
// next await or zip entry, and the command exits 130 without half-written files. A second
// Ctrl+C while it winds down ends the process at once, as the default handler would.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
var context = CliContext.FromProcess() with { Out = stdout, Error = stderr, CancellationToken = cancel.Token };
int code = await CliApp.RunAsync(context, args);
stdout.Flush();
return code;
