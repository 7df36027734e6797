using ModuleSdk.Fetching;

namespace ModuleSdk.Tests.Fetching;

[TestClass]
public class FetchLimiterTests
{
    [TestMethod]
    public async Task RunAsync_NeverExceedsTheBound()
    {
        using var limiter = new FetchLimiter(3);
        int running = 0, peak = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => limiter.RunAsync(async ct =>
        {
            int now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
            await Task.Delay(5, ct);
            Interlocked.Decrement(ref running);
        })));
        Assert.IsLessThanOrEqualTo(3, peak);
        Assert.AreEqual(3, limiter.Available);
    }

    [TestMethod]
    public async Task Slot_ReleasesOnce()
    {
        using var limiter = new FetchLimiter(1);
        var slot = await limiter.AcquireAsync();
        Assert.AreEqual(0, limiter.Available);
        slot.Dispose();
        slot.Dispose();
        Assert.AreEqual(1, limiter.Available);
    }

    [TestMethod]
    public async Task AcquireAsync_IsCancellable()
    {
        using var limiter = new FetchLimiter(1);
        using var slot = await limiter.AcquireAsync();
        using var cts = new CancellationTokenSource(20);
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await limiter.AcquireAsync(cts.Token));
    }

    [TestMethod]
    public void Defaults()
    {
        using var limiter = new FetchLimiter();
        Assert.AreEqual(16, limiter.MaxConcurrency);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FetchLimiter(0));
    }

    [TestMethod]
    [DataRow(1, 100)]
    [DataRow(2, 200)]
    [DataRow(3, 400)]
    [DataRow(10, 1000)]
    public void RetryDelay_IsJitteredUnderTheExponentialBound(int retry, int boundMs)
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        for (int i = 0; i < 50; i++)
        {
            var d = policy.DelayBefore(retry, null);
            Assert.IsTrue(d >= TimeSpan.Zero && d <= TimeSpan.FromMilliseconds(boundMs), d.ToString());
        }
        Assert.AreEqual(TimeSpan.FromMilliseconds(300), policy.DelayBefore(retry, TimeSpan.FromMilliseconds(300)));
        Assert.AreEqual(TimeSpan.FromSeconds(1), policy.DelayBefore(retry, TimeSpan.FromHours(1)));
    }
}
