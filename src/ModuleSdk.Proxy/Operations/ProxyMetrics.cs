using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace ModuleSdk.Proxy.Operations;

/// <summary>
/// The server's Prometheus metrics, written in the text exposition format at <c>/metrics</c>:
/// requests by endpoint and status, upstream fetches (<c>modproxy_upstream_fetches_total</c>
/// counts zip fetches from the upstream, whatever their outcome) and their latency, list
/// refreshes and storage errors. Counters only grow; thread-safe without locks on the hot path.
/// </summary>
public sealed class ProxyMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly ConcurrentDictionary<(string Endpoint, int Status), long[]> _requests = new();
    private readonly long[] _fetchBuckets = new long[Buckets.Length];
    private long _fetches, _fetchFailures, _fetchMicros, _storageErrors, _listRefreshes, _listRefreshFailures;

    /// <summary>Counts one answered request.</summary>
    public void Request(string endpoint, int status) =>
        Interlocked.Increment(ref _requests.GetOrAdd((endpoint, status), _ => new long[1])[0]);

    /// <summary>Counts one upstream zip fetch and its duration.</summary>
    public void UpstreamFetch(TimeSpan elapsed, bool succeeded)
    {
        Interlocked.Increment(ref _fetches);
        if (!succeeded) Interlocked.Increment(ref _fetchFailures);
        Interlocked.Add(ref _fetchMicros, (long)(elapsed.TotalMilliseconds * 1000));
        double s = elapsed.TotalSeconds;
        for (int i = 0; i < Buckets.Length; i++)
            if (s <= Buckets[i]) Interlocked.Increment(ref _fetchBuckets[i]);
    }

    /// <summary>The number of upstream zip fetches so far.</summary>
    public long UpstreamFetches => Interlocked.Read(ref _fetches);

    /// <summary>Counts a storage failure.</summary>
    public void StorageError() => Interlocked.Increment(ref _storageErrors);

    /// <summary>Counts a refresh of a cached <c>@v/list</c> or <c>@latest</c> from the upstream.</summary>
    public void ListRefresh(bool succeeded)
    {
        Interlocked.Increment(ref _listRefreshes);
        if (!succeeded) Interlocked.Increment(ref _listRefreshFailures);
    }

    /// <summary>The metrics in Prometheus' text format (version 0.0.4).</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append("# HELP modproxy_requests_total Requests answered, by endpoint and status code.\n# TYPE modproxy_requests_total counter\n");
        foreach (var ((endpoint, status), count) in _requests.OrderBy(k => k.Key.Endpoint, StringComparer.Ordinal).ThenBy(k => k.Key.Status))
            sb.Append(CultureInfo.InvariantCulture,
                $"modproxy_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {Interlocked.Read(ref count[0])}\n");
        Counter(sb, "modproxy_upstream_fetches_total", "Module zips fetched from the upstream (successful or not).", _fetches);
        Counter(sb, "modproxy_upstream_fetch_failures_total", "Upstream fetches that failed.", _fetchFailures);
        sb.Append("# HELP modproxy_upstream_fetch_duration_seconds Time to fetch, check and store one version from the upstream.\n" +
            "# TYPE modproxy_upstream_fetch_duration_seconds histogram\n");
        for (int i = 0; i < Buckets.Length; i++)
            sb.Append(CultureInfo.InvariantCulture,
                $"modproxy_upstream_fetch_duration_seconds_bucket{{le=\"{Buckets[i]}\"}} {Interlocked.Read(ref _fetchBuckets[i])}\n");
        long n = Interlocked.Read(ref _fetches);
        sb.Append(CultureInfo.InvariantCulture, $"modproxy_upstream_fetch_duration_seconds_bucket{{le=\"+Inf\"}} {n}\n");
        sb.Append(CultureInfo.InvariantCulture, $"modproxy_upstream_fetch_duration_seconds_sum {Interlocked.Read(ref _fetchMicros) / 1e6}\n");
        sb.Append(CultureInfo.InvariantCulture, $"modproxy_upstream_fetch_duration_seconds_count {n}\n");
        Counter(sb, "modproxy_list_refreshes_total", "Version lists and @latest answers refreshed from the upstream.", _listRefreshes);
        Counter(sb, "modproxy_list_refresh_failures_total", "List refreshes that failed (the cached answer was kept).", _listRefreshFailures);
        Counter(sb, "modproxy_storage_errors_total", "Storage reads and writes that failed.", _storageErrors);
        return sb.ToString();
    }

    private static void Counter(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
