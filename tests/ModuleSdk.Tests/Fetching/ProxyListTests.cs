using ModuleSdk.Diagnostics;
using ModuleSdk.Fetching;

namespace ModuleSdk.Tests.Fetching;

/// <summary>Parsing MODPROXY, with Go's GOPROXY rules.</summary>
[TestClass]
public class ProxyListTests
{
    // Expected: entries as "url" plus "|" when the entry falls back on any error.
    [TestMethod]
    [DataRow(null, "direct")]
    [DataRow("", "direct")]
    [DataRow("direct", "direct")]
    [DataRow("off", "off")]
    [DataRow("https://proxy.example.com", "https://proxy.example.com")]
    [DataRow("https://a.example.com,direct", "https://a.example.com direct")]
    [DataRow("https://a.example.com|direct", "https://a.example.com| direct")]
    [DataRow("https://a.example.com|https://b.example.com,http://c.example.com|off", "https://a.example.com| https://b.example.com http://c.example.com| off")]
    [DataRow(" https://a.example.com , ,direct ", "https://a.example.com direct")]
    [DataRow("https://a.example.com,,", "https://a.example.com")]
    [DataRow("direct,https://ignored.example.com", "direct")]
    [DataRow("off|https://ignored.example.com", "off")]
    [DataRow("proxy.example.com", "https://proxy.example.com")]
    [DataRow("proxy.example.com:8080/path", "https://proxy.example.com:8080/path")]
    [DataRow("localhost:3000", "https://localhost:3000")]
    [DataRow("file:///srv/proxy", "file:///srv/proxy")]
    public void Parse_Entries(string? value, string expected)
    {
        var list = ProxyList.Parse(value);
        Assert.AreEqual(expected, string.Join(" ", list.Entries.Select(e => e.Url + (e.FallBackOnError ? "|" : ""))));
    }

    [TestMethod]
    public void Parse_Kinds()
    {
        var list = ProxyList.Parse("https://a.example.com,direct");
        Assert.AreEqual(ProxyEntryKind.Proxy, list.Entries[0].Kind);
        Assert.AreEqual(ProxyEntryKind.Direct, list.Entries[1].Kind);
        Assert.AreEqual(ProxyEntryKind.Off, ProxyList.Parse("off").Entries[0].Kind);
    }

    [TestMethod]
    [DataRow(",")]
    [DataRow(" | , ")]
    [DataRow("   ")]
    public void Parse_SeparatorsOnly_IsAnError(string value)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => ProxyList.Parse(value));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyList, e.Code);
        StringAssert.StartsWith(e.Message, "MODPROXY list is not the empty string, but contains no entries");
    }

    [TestMethod]
    [DataRow("noproxy", "MODPROXY: invalid proxy URL missing scheme: noproxy")]
    [DataRow("https://ok.example.com,ftp://bad.example.com", "MODPROXY: invalid proxy URL scheme (must be https, http, file): ftp://bad.example.com")]
    [DataRow("file://host/dir", "MODPROXY: invalid proxy URL with non-path elements (want file:///absolute/dir): file://host/dir")]
    public void Parse_BadEntry_IsAnError(string value, string message)
    {
        var e = Assert.ThrowsExactly<ModuleException>(() => ProxyList.Parse(value));
        Assert.AreEqual(DiagnosticCodes.InvalidProxyList, e.Code);
        Assert.AreEqual(message, e.Message);
    }

    [TestMethod]
    [DataRow("https://a.example.com|https://b.example.com,direct")]
    [DataRow("off")]
    [DataRow("file:///srv/p,direct")]
    public void ToString_RoundTrips(string value)
    {
        Assert.AreEqual(value, ProxyList.Parse(value).ToString());
        Assert.AreEqual(value, ProxyList.Parse(ProxyList.Parse(value).ToString()).ToString());
    }
}
