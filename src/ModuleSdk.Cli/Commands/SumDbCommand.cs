using ModuleSdk.Cli.CommandLine;
using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;
using ModuleSdk.Trust;

namespace ModuleSdk.Cli.Commands;

/// <summary><c>dotnet mod sumdb audit &lt;url&gt;</c>: checks a whole checksum database, as an independent auditor does.</summary>
public sealed class SumDbCommand : Command
{
    public override string Name => "sumdb";
    public override string Summary => "audit a checksum database";
    public override string Usage => "dotnet mod sumdb audit [-key <verifier key>] <url>";
    public override string Description =>
        "sumdb audit downloads the whole log at <url> (a database's base URL, such as\n" +
        "http://proxy/sumdb/<name>): the signed head, checked against the key (-key, else the key\n" +
        "of MODSUMDB) and against the latest tree this machine saw; every data tile, from which the\n" +
        "whole tree is recomputed and must hash to the signed head; every hash tile, each of which\n" +
        "must be the recomputed one. It reports any module version recorded with two different\n" +
        "hashes (MOD6709) and any tile that does not match, and exits 1 if there is one.";
    public override IReadOnlyCollection<string> ValueFlags => ["key"];

    public override async Task<int> RunAsync(CliContext context, ParsedArguments args)
    {
        if (args.Positionals.Count != 2 || args.Positionals[0] != "audit") throw new UsageException("usage: " + Usage);
        string url = args.Positionals[1];
        string? key = args.Value("key") ?? SumDbConfig.FromEnvironment(context.Environment)?.VerifierKey;
        if (key is null)
            throw new ModuleException(DiagnosticCodes.SumDbNotConfigured,
                "sumdb audit needs the database's verifier key: -key <name>+<hash>+<key>, or MODSUMDB");
        var client = SumDbClientFactory.ForDatabase(key, url, context.Environment);
        var config = client.Config;
        var result = await LogAudit.RunAsync(client, CancellationToken.None).ConfigureAwait(false);
        context.Out.WriteLine($"{config.Name} at {UrlRedaction.Redact(url)}: tree {result.Tree.N} {result.Tree.Hash}");
        context.Out.WriteLine($"\t{result.Records} record(s), {result.Tiles} tile(s) checked against the signed head");
        foreach (var p in result.Problems) context.Error.WriteLine($"{DiagnosticCodes.SumDbAuditTile}: {p}");
        foreach (var d in result.Duplicates) context.Error.WriteLine($"{DiagnosticCodes.SumDbAuditDuplicate}: {d}");
        context.Out.WriteLine(result.Sound ? "\tthe log is sound" : $"\t{result.Problems.Count + result.Duplicates.Count} problem(s)");
        return result.Sound ? 0 : 1;
    }
}
