using System.Text;
using ModuleSdk.Cli;

var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
var stderr = new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true };
var context = CliContext.FromProcess() with { Out = stdout, Error = stderr };
int code = await CliApp.RunAsync(context, args);
stdout.Flush();
return code;
