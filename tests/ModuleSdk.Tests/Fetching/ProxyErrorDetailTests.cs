using System.Net.Http.Headers;
using System.Text;
using ModuleSdk.Fetching;

namespace ModuleSdk.Tests.Fetching;

/// <summary>The "server response" under an HTTP error: Go's limits and refusals.</summary>
[TestClass]
public class ProxyErrorDetailTests
{
    [TestMethod]
    [DataRow("not found\n", "not found")]
    [DataRow("one\ntwo\n", "one\n\ttwo")]
    [DataRow("one\r\ntwo\r\n", "one\n\ttwo")]
    [DataRow("first\n\nafter a blank line\n", "first")]
    [DataRow("\nleading blank", "")]
    [DataRow("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8")]
    [DataRow("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8\n\t[Truncated: too many lines.]")]
    [DataRow("bell \u0007 rings", "")]
    [DataRow("escape \u001b[31m red", "")]
    [DataRow("tabs\tare fine", "tabs\tare fine")]
    [DataRow("ünïcödé ✓", "ünïcödé ✓")]
    public void Format_FollowsGo(string body, string detail)
    {
        Assert.AreEqual(detail, ProxyErrorDetail.Format(Encoding.UTF8.GetBytes(body), complete: true));
    }

    [TestMethod]
    public void Format_TooLong()
    {
        Assert.AreEqual("[Truncated: too long.]", ProxyErrorDetail.Format(Encoding.UTF8.GetBytes(new string('x', 700)), complete: true));
        Assert.AreEqual("short\n\t[Truncated: too long.]", ProxyErrorDetail.Format(Encoding.UTF8.GetBytes("short\n" + new string('x', 700)), complete: true));
        Assert.AreEqual(new string('x', 648), ProxyErrorDetail.Format(Encoding.UTF8.GetBytes(new string('x', 648)), complete: true));
    }

    [TestMethod]
    public void Format_InvalidUtf8_ShowsNothing()
    {
        Assert.AreEqual("", ProxyErrorDetail.Format([0x66, 0xFF, 0x66], complete: true));
    }

    [TestMethod]
    public void Format_CutInsideACharacter_DropsOnlyThatCharacter()
    {
        var bytes = Encoding.UTF8.GetBytes("abc✓");
        Assert.AreEqual("abc", ProxyErrorDetail.Format(bytes.AsSpan(0, bytes.Length - 1), complete: false));
    }

    [TestMethod]
    [DataRow("text/plain", true)]
    [DataRow("text/plain; charset=utf-8", true)]
    [DataRow("TEXT/PLAIN; charset=US-ASCII", true)]
    [DataRow("text/plain; charset=iso-8859-1", false)]
    [DataRow("text/html", false)]
    [DataRow("application/json", false)]
    public void IsShowable_OnlyPlainText(string contentType, bool showable)
    {
        Assert.AreEqual(showable, ProxyErrorDetail.IsShowable(MediaTypeHeaderValue.Parse(contentType)));
    }

    [TestMethod]
    public async Task HtmlErrorBody_IsNotShown()
    {
        await using var server = new LoopbackServer((_, c, ct) =>
            LoopbackServer.WriteTextAsync(c, 500, "Internal Server Error", "<html>boom</html>", "text/html", ct));
        var e = await Assert.ThrowsExactlyAsync<Diagnostics.ModuleException>(() =>
            new ProxyClient(server.BaseUrl, ProxyFixture.Fast).VersionsAsync("example.com/lib"));
        StringAssert.EndsWith(e.Message, "/@v/list: 500 Internal Server Error");
    }

    [TestMethod]
    public async Task LongErrorBody_IsCut()
    {
        var body = string.Concat(Enumerable.Range(1, 5000).Select(i => $"line {i}\n"));
        await using var server = new LoopbackServer((_, c, ct) => LoopbackServer.WriteTextAsync(c, 404, "Not Found", body, cancellationToken: ct));
        var e = await Assert.ThrowsExactlyAsync<ModuleNotFoundException>(() =>
            new ProxyClient(server.BaseUrl, ProxyFixture.Fast).VersionsAsync("example.com/lib"));
        StringAssert.EndsWith(e.Message,
            "404 Not Found\n\tserver response:\n\tline 1\n\tline 2\n\tline 3\n\tline 4\n\tline 5\n\tline 6\n\tline 7\n\tline 8\n" +
            "\t[Truncated: too many lines.]");
    }
}
