using System.Globalization;
using System.Text;

namespace ModuleSdk.Proxy.SumDb;

/// <summary>The checksum database's Prometheus metrics, appended to <c>/metrics</c>.</summary>
public sealed class SumDbMetrics
{
    private long _appended, _conflicts, _treeSize;

    /// <summary>Counts records appended and the new tree size.</summary>
    public void Appended(int count, long treeSize)
    {
        Interlocked.Add(ref _appended, count);
        Interlocked.Exchange(ref _treeSize, treeSize);
    }

    /// <summary>Counts a refused second, different record for a logged version (MOD6609).</summary>
    public void Conflict() => Interlocked.Increment(ref _conflicts);

    /// <summary>The refused records so far.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>The metrics in Prometheus' text format.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# HELP modproxy_sumdb_appended_total Records this instance appended to the checksum database.\n" +
            $"# TYPE modproxy_sumdb_appended_total counter\n" +
            $"modproxy_sumdb_appended_total {Interlocked.Read(ref _appended)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"# HELP modproxy_sumdb_conflicts_total Second, different records for a logged version, refused (MOD6609).\n" +
            $"# TYPE modproxy_sumdb_conflicts_total counter\n" +
            $"modproxy_sumdb_conflicts_total {Interlocked.Read(ref _conflicts)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"# HELP modproxy_sumdb_tree_size The tree size of this instance's last append.\n" +
            $"# TYPE modproxy_sumdb_tree_size gauge\n" +
            $"modproxy_sumdb_tree_size {Interlocked.Read(ref _treeSize)}\n");
        return sb.ToString();
    }
}
