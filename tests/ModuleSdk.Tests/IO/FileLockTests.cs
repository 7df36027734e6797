using ModuleSdk.IO;
using ModuleSdk.Tests.Cache;
using ModuleSdk.Diagnostics;
using ModuleSdk.Tests.TestSupport;

namespace ModuleSdk.Tests.IO;

[TestClass]
public sealed class FileLockTests
{
    [TestMethod]
    public void TryAcquire_HeldByAnotherHolderInSameProcess_Fails()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("sub", "v1.0.0.lock");
        Assert.IsTrue(FileLock.TryAcquire(file, out var first));
        Assert.IsTrue(File.Exists(file), "the lock file and its directory are created");
        Assert.IsFalse(FileLock.TryAcquire(file, out var second));
        Assert.IsNull(second);
        first.Dispose();
        Assert.IsFalse(first.IsHeld);
        Assert.IsTrue(FileLock.TryAcquire(file, out var third));
        third.Dispose();
        Assert.IsTrue(File.Exists(file), "lock files are never deleted");
    }

    [TestMethod]
    public void Acquire_ManyThreads_NeverTwoHoldersAtOnce()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        int inside = 0, maxInside = 0, entries = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (int i = 0; i < 10; i++)
            {
                using var held = FileLock.Acquire(file, TimeSpan.FromSeconds(30));
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                Thread.SpinWait(2000);
                Interlocked.Increment(ref entries);
                Interlocked.Decrement(ref inside);
            }
        });
        Assert.AreEqual(1, maxInside);
        Assert.AreEqual(80, entries);
    }

    [TestMethod]
    public async Task AcquireAsync_ReleasedByOtherHolder_Succeeds()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        Assert.IsTrue(FileLock.TryAcquire(file, out var holder));
        var waiting = FileLock.AcquireAsync(file, TimeSpan.FromSeconds(30));
        await Task.Delay(50);
        Assert.IsFalse(waiting.IsCompleted, "must wait while the lock is held");
        holder.Dispose();
        using var got = await waiting;
        Assert.IsTrue(got.IsHeld);
    }

    [TestMethod]
    public void Acquire_HeldPastTimeout_ThrowsLockTimeout()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        using var holder = FileLock.Acquire(file, TimeSpan.FromSeconds(1));
        var e = Assert.ThrowsExactly<ModuleException>(() => FileLock.Acquire(file, TimeSpan.FromMilliseconds(100)));
        Assert.AreEqual(DiagnosticCodes.CacheLockTimeout, e.Code);
        StringAssert.Contains(e.Message, file);
    }

    [TestMethod]
    public async Task AcquireAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        using var holder = FileLock.Acquire(file, TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAsync<OperationCanceledException>(() => FileLock.AcquireAsync(file, Timeout.InfiniteTimeSpan, cts.Token));
    }

    [TestMethod]
    public void Acquire_Cancelled_ThrowsOperationCanceled()
    {
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        using var holder = FileLock.Acquire(file, TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsExactly<OperationCanceledException>(() => FileLock.Acquire(file, Timeout.InfiniteTimeSpan, cts.Token));
    }

    [TestMethod]
    public void TryAcquire_OtherProcessHoldsFlock_FailsUntilThatProcessIsKilled()
    {
        LockProcess.RequireUnixTools();
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        var holder = LockProcess.Hold(file);
        try
        {
            Assert.IsFalse(FileLock.TryAcquire(file, out _), "a python flock(LOCK_EX) must exclude FileLock");
            Assert.ThrowsExactly<ModuleException>(() => FileLock.Acquire(file, TimeSpan.FromMilliseconds(100)));
        }
        finally
        {
            // A crash: the process dies holding the lock, the lock file stays behind.
            LockProcess.Kill(holder);
        }
        Assert.IsTrue(File.Exists(file));
        using var got = FileLock.Acquire(file, TimeSpan.FromSeconds(10));
        Assert.IsTrue(got.IsHeld, "the OS releases a dead process's lock: no stale lock");
    }

    [TestMethod]
    public void FileLock_Held_OtherProcessesSeeItBusy()
    {
        LockProcess.RequireUnixTools();
        using var dir = new TempDir("lock");
        var file = dir.Combine("x.lock");
        using (FileLock.Acquire(file, TimeSpan.FromSeconds(1)))
        {
            Assert.AreEqual("busy", LockProcess.Probe(file));
            if (LockProcess.FlockTool(file) is { } busyCode) Assert.AreEqual(1, busyCode, "flock -n must fail while FileLock holds the lock");
        }
        Assert.AreEqual("free", LockProcess.Probe(file));
        if (LockProcess.FlockTool(file) is { } freeCode) Assert.AreEqual(0, freeCode);
    }

    [TestMethod]
    [DataRow(2, false)]
    [DataRow(5, false)]
    public void IsContention_OtherErrors_AreNotContention(int hresult, bool expected) =>
        Assert.AreEqual(expected, FileLock.IsContention(new IOException("x", hresult)));

    [TestMethod]
    public void IsContention_FileNotFound_IsNotContention() =>
        Assert.IsFalse(FileLock.IsContention(new FileNotFoundException("x")));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
