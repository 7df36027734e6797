namespace ModuleSdk.Proxy.Index;

/// <summary>An <see cref="IAppendLog"/> in process memory (with <c>Storage:Kind=memory</c>): gone with the process, like the versions.</summary>
public sealed class MemoryAppendLog : IAppendLog
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ReadAsync(int from, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>(from >= _lines.Count ? [] : _lines.GetRange(from, _lines.Count - from));
    }

    /// <inheritdoc/>
    public Task<string?> AppendAsync(Func<IReadOnlyList<string>, string?> decide, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            string? line = decide(_lines.AsReadOnly());
            if (line is not null) _lines.Add(line);
            return Task.FromResult(line);
        }
    }
}
