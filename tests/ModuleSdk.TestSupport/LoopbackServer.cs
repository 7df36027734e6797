using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModuleSdk.Tests.Fetching;

/// <summary>One request the loopback server received.</summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 and a free port, written on a raw socket so that tests can
/// make it misbehave in ways a proper server will not: lie about Content-Length, hang, stall
/// mid-body, close early. Every response closes its connection, so each attempt a client makes
/// is one logged request. Disposing cancels handlers still running (hangs) and stops listening.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    /// <summary>Writes the whole response (or misbehaves) on the raw connection.</summary>
    public delegate Task Handler(LoopbackRequest request, Stream connection, CancellationToken cancellationToken);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private readonly Handler _handler;

    public LoopbackServer(Handler handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<LoopbackRequest> Requests => _requests.ToArray();

    /// <summary>How many requests asked for a target ending with <paramref name="suffix"/>.</summary>
    public int Count(string suffix) => _requests.Count(r => r.Target.EndsWith(suffix, StringComparison.Ordinal));

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null) return;
                _requests.Enqueue(request);
                await _handler(request, stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (OperationCanceledException) { }
            catch (IOException) { }
            catch (SocketException) { }
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        // Byte by byte up to the blank line: requests here are tiny and have no body.
        while (head.Count < 16384)
        {
            if (await stream.ReadAsync(one, ct) == 0) return null;
            head.Add(one[0]);
            int n = head.Count;
            if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return new LoopbackRequest(first[0], first.Length > 1 ? first[1] : "", headers);
    }

    /// <summary>Writes a response; <paramref name="declaredLength"/> may lie about the body's length.</summary>
    public static async Task WriteAsync(Stream connection, int status, string reason, string? contentType, byte[] body, long? declaredLength = null,
        IEnumerable<string>? headers = null, CancellationToken cancellationToken = default)
    {
        var sb = new StringBuilder();
        sb.Append($"HTTP/1.1 {status} {reason}\r\n");
        if (contentType is not null) sb.Append($"Content-Type: {contentType}\r\n");
        sb.Append($"Content-Length: {declaredLength ?? body.Length}\r\n");
        sb.Append("Connection: close\r\n");
        foreach (var h in headers ?? []) sb.Append(h).Append("\r\n");
        sb.Append("\r\n");
        await connection.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()), cancellationToken);
        await connection.WriteAsync(body, cancellationToken);
    }

    public static Task WriteTextAsync(Stream connection, int status, string reason, string text, string contentType = "text/plain; charset=utf-8",
        CancellationToken cancellationToken = default) =>
        WriteAsync(connection, status, reason, contentType, Encoding.UTF8.GetBytes(text), cancellationToken: cancellationToken);

    /// <summary>A handler serving a directory in proxy layout, 404 with a text/plain body for anything missing.</summary>
    public static Handler Directory(string root) => async (request, connection, ct) =>
    {
        var rel = Uri.UnescapeDataString(request.Target.TrimStart('/'));
        var file = Path.Combine(root, rel.Replace('/', Path.DirectorySeparatorChar));
        if (!rel.Contains("..") && File.Exists(file))
            await WriteAsync(connection, 200, "OK", rel.EndsWith(".zip") ? "application/zip" : "text/plain; charset=utf-8",
                await File.ReadAllBytesAsync(file, ct), cancellationToken: ct);
        else
            await WriteTextAsync(connection, 404, "Not Found", $"not found: {rel}\n", cancellationToken: ct);
    };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections.ToArray());
        _stop.Dispose();
    }
}
