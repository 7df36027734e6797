using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// JitCount TRACE.nettrace...: per trace (one process, written with DOTNET_EnableEventPipe=1 and the
// runtime provider's JIT keyword 0x10), the methods JIT-compiled (MethodJittingStarted, rejits at
// tier 1 included) in all and those of ModuleSdk.*, and the ModuleSdk.* methods first compiled at
// tier 0 (what ReadyToRun code replaces; a ReadyToRun method appears only if it is rejitted hot).
// A process that loaded no ModuleSdk code is summed into "others".
//
// JitCount --namespaces TRACE...: the methods each trace JIT-compiled and the time from each one's
// MethodJittingStarted to its MethodLoadVerbose (wall time of the compiling thread: a preempted
// compilation counts in full), by namespace (its first two segments), the most methods first:
// which code a process compiled, to compare two restores. The count does not depend on load.
if (args.Length > 0 && args[0] == "--namespaces")
{
    foreach (var file in args.Skip(1))
    {
        // Keyed by method id: a method's MethodLoadVerbose ends the compilation its MethodJittingStarted began.
        var started = new Dictionary<long, (double At, string Namespace)>();
        var byNamespace = new Dictionary<string, (int Methods, double Ms)>(StringComparer.Ordinal);
        int total = 0;
        double totalMs = 0;
        using (var source = new EventPipeEventSource(file))
        {
            source.Clr.MethodJittingStarted += e =>
                started[e.MethodID] = (e.TimeStampRelativeMSec, string.Join('.', e.MethodNamespace.Split('.').Take(2)));
            source.Clr.MethodLoadVerbose += e =>
            {
                if (!started.Remove(e.MethodID, out var s)) return;
                double ms = e.TimeStampRelativeMSec - s.At;
                total++;
                totalMs += ms;
                var (methods, sum) = byNamespace.GetValueOrDefault(s.Namespace);
                byNamespace[s.Namespace] = (methods + 1, sum + ms);
            };
            source.Process();
        }
        Console.WriteLine($"{file}: jitted {total} methods in {totalMs:F0} ms");
        foreach (var (name, (methods, ms)) in byNamespace.OrderByDescending(p => p.Value.Methods).Take(25))
            Console.WriteLine($"  {methods,6} {ms,7:F0} ms  {name}");
    }
    return;
}

int otherProcs = 0, otherJitted = 0;
foreach (var file in args)
{
    int all = 0, moduleSdk = 0, moduleSdkTier0 = 0;
    using (var source = new EventPipeEventSource(file))
    {
        source.Clr.MethodJittingStarted += e =>
        {
            all++;
            if (e.MethodNamespace.StartsWith("ModuleSdk", StringComparison.Ordinal)) moduleSdk++;
        };
        source.Clr.MethodLoadVerbose += e =>
        {
            if (e.MethodNamespace.StartsWith("ModuleSdk", StringComparison.Ordinal)
                && e.OptimizationTier is OptimizationTier.QuickJitted or OptimizationTier.MinOptJitted)
                moduleSdkTier0++;
        };
        source.Process();
    }
    if (moduleSdk == 0) { otherProcs++; otherJitted += all; continue; }
    Console.WriteLine($"{Path.GetFileName(file)}: jitted {all}, of them ModuleSdk.* {moduleSdk} (tier 0: {moduleSdkTier0})");
}
Console.WriteLine($"others: {otherProcs} processes without ModuleSdk code, jitted {otherJitted}");
