using Azure.Storage.Blobs;
using ModuleSdk.Diagnostics;
using ModuleSdk.Proxy.Storage;
using ModuleSdk.SumDb;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>
/// Turns the checksum database on from <c>SumDb:Name</c> and <c>SumDb:SignerKey</c>: loads the
/// signer key and places the log in the proxy's storage backend, under <c>sumdb/&lt;name&gt;/</c>.
/// </summary>
public static class SumDbSetup
{
    /// <summary>Reports whether the configuration turns the database on (either key set).</summary>
    public static bool IsEnabled(ProxyServerOptions options) => options.SumDbName is not null || options.SumDbSignerKey is not null;

    /// <summary>Reads the signer key file; throws MOD6610 when it is missing, unreadable or for another name.</summary>
    public static NoteSigner LoadSigner(ProxyServerOptions options) => LoadSigner(options, "SumDb:SignerKey");

    private static NoteSigner LoadSigner(ProxyServerOptions options, string setting)
    {
        if (options.SumDbName is not { } name || options.SumDbSignerKey is not { } file)
            throw Invalid("SumDb:Name and SumDb:SignerKey go together: the database's name and the file of its signer key (modproxy keygen <name> <file>)");
        if (!NoteKeys.IsValidName(name) || name.Contains('/'))
            throw Invalid($"SumDb:Name={name} is not a key name (no spaces, '+' or '/')");
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"{setting}: cannot read the signer key file {file} ({e.GetType().Name})");
        }
        NoteSigner signer;
        try
        {
            signer = NoteSigner.Parse(text);
        }
        catch (ModuleException e)
        {
            throw Invalid($"{setting}: {file} does not hold a signer key: {e.Message}");
        }
        if (signer.Name != name)
        {
            signer.Dispose();
            throw Invalid($"{setting}: {file} holds the key of {signer.Name}, not of SumDb:Name={name}");
        }
        return signer;
    }

    /// <summary>
    /// Reads <c>SumDb:NextSignerKey</c>, the key a rotation moves to (docs/trust.md), or null
    /// when none is set; throws MOD6610 when it is unreadable, for another name, or the same key.
    /// </summary>
    public static NoteSigner? LoadNextSigner(ProxyServerOptions options, NoteSigner current)
    {
        if (options.SumDbNextSignerKey is not { } file) return null;
        var next = LoadSigner(options with { SumDbSignerKey = file }, "SumDb:NextSignerKey");
        if (next.KeyHash == current.KeyHash && next.VerifierKey == current.VerifierKey)
        {
            next.Dispose();
            throw Invalid($"SumDb:NextSignerKey: {file} holds the same key as SumDb:SignerKey; " +
                $"a rotation needs a new key of the same name (modproxy keygen {current.Name} <file>)");
        }
        return next;
    }

    /// <summary>The log's store in the same backend as <paramref name="storage"/>.</summary>
    public static ILogStore CreateStore(ProxyServerOptions options, IModuleStorage storage, string name) => storage switch
    {
        Index.IndexingStorage indexing => CreateStore(options, indexing.Inner, name), // the server's wrapper (issue 13's index)
        DiskStorage disk => new DiskLogStore(Path.Combine(disk.Root, "sumdb", name)),
        AzureBlobStorage => new AzureBlobLogStore(
            new BlobServiceClient(options.StorageConnectionString).GetBlobContainerClient(options.StorageContainer), "sumdb/" + name + "/"),
        _ => new MemoryLogStore(),
    };

    private static ModuleException Invalid(string message) => new(DiagnosticCodes.SumDbConfigurationInvalid, message);
}

/// <summary>The database's services and route, for <see cref="ProxyServer"/>.</summary>
public static class SumDbServices
{
    /// <summary>Registers the log, its metrics and its handler when the configuration turns the database on.</summary>
    public static void Add(IServiceCollection services, ProxyServerOptions options)
    {
        services.AddSingleton<SumDbMetrics>();
        if (!SumDbSetup.IsEnabled(options)) return;
        services.AddSingleton(sp =>
        {
            var signer = SumDbSetup.LoadSigner(options);
            var next = SumDbSetup.LoadNextSigner(options, signer);
            var store = SumDbSetup.CreateStore(options, sp.GetRequiredService<Storage.IModuleStorage>(), signer.Name);
            return new SumDbLog(store, signer, next, sp.GetRequiredService<Serving.ISingleFlight>(),
                sp.GetRequiredService<SumDbMetrics>(), sp.GetRequiredService<ILogger<SumDbLog>>());
        });
        services.AddSingleton<SumDbHandler>();
    }

    /// <summary>Maps <c>/sumdb/{name}/…</c> when the database is on, loading its key now (a bad key fails start-up, MOD6610).</summary>
    public static void Map(WebApplication app)
    {
        if (app.Services.GetService<SumDbLog>() is not { } log) return;
        var handler = app.Services.GetRequiredService<SumDbHandler>();
        app.Logger.LogInformation("checksum database {Name} on at /sumdb/{Name}/ (verifier key {Key})",
            log.Name, log.Name, string.Join(", next key ", log.VerifierKeys));
        try
        {
            // During a key rotation the stored head gains the next key's signature now (a
            // one-time write at start-up, under the writer lock).
            log.SignWithEveryKeyAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is ModuleException or IOException)
        {
            app.Logger.LogWarning("checksum database {Name}: signing the stored tree head with the next key failed " +
                "(heads are still served signed by both): {Error}", log.Name, e.Message);
        }
        app.MapMethods(SumDbHandler.Prefix + "{**rest}", ["GET", "HEAD"], handler.HandleAsync);
    }
}
