namespace ModuleSdk.Tests.GoVectors;

/// <summary>Collects every failing case of a vector table so one run reports them all.</summary>
internal sealed class VectorFailures
{
    private readonly List<string> _failures = [];

    public int Cases { get; private set; }

    public void Check(bool ok, string describe)
    {
        Cases++;
        if (!ok) _failures.Add(describe);
    }

    public void Equal<T>(T want, T got, string what)
    {
        Cases++;
        if (!EqualityComparer<T>.Default.Equals(want, got)) _failures.Add($"{what} = {Show(got)}, want {Show(want)}");
    }

    public void AssertNone(string table)
    {
        Assert.IsTrue(Cases > 0, $"{table}: no cases ran");
        if (_failures.Count > 0)
            Assert.Fail($"{table}: {_failures.Count} of {Cases} checks differ from Go:\n" + string.Join("\n", _failures.Take(60)));
    }

    private static string Show<T>(T v) => v is string s ? ModuleSdk.Modules.GoQuote.Quote(s) : v?.ToString() ?? "null";
}
