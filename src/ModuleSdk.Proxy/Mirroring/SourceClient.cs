using System.Net.Http.Headers;
using System.Text;

namespace ModuleSdk.Proxy.Mirroring;

/// <summary>The HTTP client a mirror talks to its source with (its index and checksum database).</summary>
internal static class SourceClient
{
    /// <summary>
    /// A client whose base address is <paramref name="source"/> + <paramref name="under"/>; the
    /// origin's <c>Auth:Tokens</c> travel as <c>user:token</c> in the URL, as clients put them in
    /// <c>MODPROXY</c>, and are sent as Basic authentication (never logged).
    /// </summary>
    public static HttpClient Create(string source, string under = "")
    {
        var uri = new Uri(source.TrimEnd('/') + "/" + under);
        var http = new HttpClient { BaseAddress = new Uri(uri.GetLeftPart(UriPartial.Path)), Timeout = TimeSpan.FromSeconds(30) };
        if (uri.UserInfo.Length > 0)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo))));
        return http;
    }
}
