using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// JitCount TRACE.nettrace...: per trace (one process, written with DOTNET_EnableEventPipe=1 and the
// runtime provider's JIT keyword 0x10), the methods JIT-compiled (MethodJittingStarted, rejits at
// tier 1 included) in all and those of ModuleSdk.*, and the ModuleSdk.* methods first compiled at
// tier 0 (what ReadyToRun code replaces; a ReadyToRun method appears only if it is rejitted hot).
// A process that loaded no ModuleSdk code is summed into "others".
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
