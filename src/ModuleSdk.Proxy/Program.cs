using System.Globalization;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy;
using ModuleSdk.Proxy.Operations;
using ModuleSdk.Proxy.Storage;

// modproxy                      runs the server (--urls http://127.0.0.1:8080 --Storage:Path=... --Upstream=...)
// modproxy verify-storage ...   re-hashes every stored version (same configuration keys)
// modproxy retention --days N [--dry-run] ...   deletes versions nobody asked for in N days
// modproxy keygen <name> <file>  writes a checksum database signer key, prints its verifier key
try
{
    if (args.Length > 0 && args[0] == "keygen")
        return ModuleSdk.Proxy.SumDb.KeygenCommand.Run(args[1..], Console.Out, Console.Error);
    if (args.Length > 0 && args[0] is "verify-storage" or "retention")
    {
        string command = args[0];
        var rest = args[1..].ToList();
        bool dryRun = rest.Remove("--dry-run");
        double days = 0;
        int d = rest.IndexOf("--days");
        if (command == "retention")
        {
            if (d < 0 || d + 1 >= rest.Count || !double.TryParse(rest[d + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out days) || days < 0)
            {
                Console.Error.WriteLine("usage: modproxy retention --days N [--dry-run] [--Storage:Kind=... --Storage:Path=...]");
                return 2;
            }
            rest.RemoveRange(d, 2);
        }
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. rest])
            .Build();
        var storage = StorageFactory.Create(ProxyServerOptions.From(config));
        return command == "verify-storage"
            ? await StorageCommands.VerifyAsync(storage, Console.Out, CancellationToken.None)
            : await StorageCommands.RetentionAsync(storage, days, dryRun, DateTimeOffset.UtcNow, Console.Out, CancellationToken.None) >= 0 ? 0 : 1;
    }
    var app = ProxyServer.Build(args);
    await app.RunAsync();
    return 0;
}
catch (ModuleException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 2;
}
