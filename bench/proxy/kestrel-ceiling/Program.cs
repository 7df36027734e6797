// Serves one file (args[0]) at /copy, /sendfile, /pipe and /bytes, each the way its name says, so
// wrk can compare them with each other and with nginx: /bytes (a cached array, no file work at all)
// is Kestrel's ceiling for this response size on this machine.
using System.IO.Pipelines;

var file = Path.GetFullPath(args[0]);
var bytes = File.ReadAllBytes(file);
var builder = WebApplication.CreateSlimBuilder(args[1..]);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapGet("/copy", async (HttpContext http) =>
{
    // modproxy before this session: a 64 KiB asynchronous FileStream copied into the body stream.
    await using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
        64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
    http.Response.ContentType = "application/zip";
    http.Response.ContentLength = fs.Length;
    await fs.CopyToAsync(http.Response.Body, 64 * 1024, http.RequestAborted);
});
app.MapGet("/sendfile", async (HttpContext http) =>
{
    http.Response.ContentType = "application/zip";
    http.Response.ContentLength = new FileInfo(file).Length;
    await http.Response.SendFileAsync(file, http.RequestAborted);
});
app.MapGet("/pipe", async (HttpContext http) =>
{
    // Read straight into the response pipe's memory, synchronously (the page cache answers at once).
    using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
    long length = RandomAccess.GetLength(handle);
    http.Response.ContentType = "application/zip";
    http.Response.ContentLength = length;
    var writer = http.Response.BodyWriter;
    int chunk = int.Parse(http.Request.Query["chunk"].FirstOrDefault() ?? "65536");
    for (long at = 0; at < length;)
    {
        var memory = writer.GetMemory((int)Math.Min(chunk, length - at));
        int n = RandomAccess.Read(handle, memory.Span[..(int)Math.Min(memory.Length, length - at)], at);
        if (n == 0) break;
        writer.Advance(n);
        at += n;
        var r = await writer.FlushAsync(http.RequestAborted);
        if (r.IsCanceled || r.IsCompleted) break;
    }
});
app.MapGet("/bytes", async (HttpContext http) =>
{
    http.Response.ContentType = "application/zip";
    http.Response.ContentLength = bytes.Length;
    await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
});
app.MapGet("/healthz", () => "ok");
app.Run();
