using System.Runtime.CompilerServices;

namespace ModuleSdk.Mvs;

/// <summary>
/// Maps string instances, by reference, to small integers: an open-addressing table whose hash is
/// the object's identity hash, so a lookup never reads the string's characters. Used where most
/// strings come from a pool (<see cref="ModuleIdPool"/>) and a miss falls back to an ordinal lookup.
/// Not thread-safe.
/// </summary>
internal sealed class StringReferenceTable
{
    private string?[] _keys = new string?[128];
    private int[] _values = new int[128];
    private int _count;

    /// <summary>The value added for this very instance of a string, or -1.</summary>
    public int Find(string key)
    {
        var keys = _keys;
        int mask = keys.Length - 1;
        for (int i = RuntimeHelpers.GetHashCode(key) & mask; ; i = (i + 1) & mask)
        {
            var k = keys[i];
            if (ReferenceEquals(k, key)) return _values[i];
            if (k is null) return -1;
        }
    }

    /// <summary>Adds an instance not in the table.</summary>
    public void Add(string key, int value)
    {
        // Kept at most half full, so probe sequences stay short.
        if ((_count + 1) * 2 > _keys.Length) Grow();
        Insert(_keys, _values, key, value);
        _count++;
    }

    private void Grow()
    {
        var keys = new string?[_keys.Length * 2];
        var values = new int[keys.Length];
        for (int i = 0; i < _keys.Length; i++)
            if (_keys[i] is { } k) Insert(keys, values, k, _values[i]);
        _keys = keys;
        _values = values;
    }

    private static void Insert(string?[] keys, int[] values, string key, int value)
    {
        int mask = keys.Length - 1;
        int i = RuntimeHelpers.GetHashCode(key) & mask;
        while (keys[i] is not null) i = (i + 1) & mask;
        keys[i] = key;
        values[i] = value;
    }
}
