using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// The registry's HTML: server-rendered, no script, one small inline style sheet (allowed by its
/// hash in the Content-Security-Policy, which allows nothing else to run). Landmarks (header, nav,
/// main, footer), a skip link, one <c>h1</c> per page and headings in order, labelled form fields,
/// tables with captions and column headers, visible focus, colours with at least 4.5:1 contrast.
/// Everything from module content or the request is HTML-encoded here (<see cref="E"/>); the
/// README's HTML comes from <see cref="ReadmeRenderer"/>.
/// </summary>
public static class RegistryHtml
{
    private const string Css = """
        :root{color-scheme:light}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
        a{color:#0645ad}a:visited{color:#52307c}
        a:focus-visible,input:focus-visible,button:focus-visible,summary:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
        .skip{position:absolute;left:-10000px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:1}
        header{background:#10324f;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
        header a{color:#fff;font-weight:600;text-decoration:none}header a:visited{color:#fff}
        header form{display:flex;gap:8px;flex:1;max-width:640px}
        header label{position:absolute;left:-10000px}
        input[type=search]{flex:1;font:inherit;padding:6px 8px;border:1px solid #5a6b7b;border-radius:4px}
        button{font:inherit;padding:6px 14px;border:1px solid #fff;border-radius:4px;background:#fff;color:#10324f;font-weight:600;cursor:pointer}
        main{max-width:1000px;margin:0 auto;padding:16px 24px}
        footer{max-width:1000px;margin:0 auto;padding:16px 24px;color:#4a4a4a;border-top:1px solid #ddd}
        h1{font-size:1.7rem;word-break:break-all;margin:.5em 0 .2em}h2{font-size:1.3rem;margin-top:1.6em}
        .meta{color:#4a4a4a}.badge{display:inline-block;padding:0 6px;border-radius:4px;font-size:.85rem;border:1px solid currentColor;margin-left:4px}
        .retracted{color:#a4000f}.ok{color:#17632a}.no{color:#a4000f}
        table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:4px 0}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}
        pre,code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9rem}
        pre{background:#f4f5f7;padding:8px 12px;overflow:auto;border-radius:4px}
        .copy pre{margin:.3em 0}.readme{border:1px solid #ddd;border-radius:4px;padding:0 16px}
        .readme img{max-width:100%}
        ol.results{padding-left:1.2em}ol.results li{margin:.8em 0}
        """;

    /// <summary>The <c>Content-Security-Policy</c> of every page: no script, no frames, the inline style sheet by hash, images only over https.</summary>
    public static readonly string ContentSecurityPolicy =
        "default-src 'none'; style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) +
        "'; img-src https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>HTML-encodes text (element content and attribute values alike).</summary>
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Date(DateTimeOffset? t) => t is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";

    private static string Layout(string title, string query, string main)
    {
        var b = new StringBuilder(main.Length + 4096);
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(E(title)).Append(" · modproxy registry</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
            .Append("<header>\n<a href=\"/\">modproxy registry</a>\n")
            .Append("<form role=\"search\" action=\"/\" method=\"get\">\n<label for=\"q\">Search modules</label>\n")
            .Append("<input type=\"search\" id=\"q\" name=\"q\" value=\"").Append(E(query)).Append("\" placeholder=\"Search modules\" autocomplete=\"off\">\n")
            .Append("<button type=\"submit\">Search</button>\n</form>\n</header>\n")
            .Append("<main id=\"main\" tabindex=\"-1\">\n").Append(main).Append("</main>\n")
            .Append("<footer><p>Served by modproxy: every page has a JSON twin (<code>Accept: application/json</code>).</p></footer>\n</body>\n</html>\n");
        return b.ToString();
    }

    /// <summary>The search page.</summary>
    public static string Search(SearchView v)
    {
        var b = new StringBuilder();
        b.Append("<h1>").Append(v.Query.Length == 0 ? "Modules" : "Search results for “" + E(v.Query) + "”").Append("</h1>\n");
        b.Append("<p class=\"meta\" role=\"status\">").Append(v.Total.ToString(CultureInfo.InvariantCulture)).Append(v.Total == 1 ? " module" : " modules")
            .Append(v.Results.Count < v.Total ? $", the first {v.Results.Count} shown" : "")
            .Append(v.Complete ? "" : " (this proxy is still indexing its storage)").Append(".</p>\n");
        if (v.Results.Count > 0)
        {
            b.Append("<ol class=\"results\">\n");
            foreach (var r in v.Results)
            {
                b.Append("<li><a href=\"").Append(E(r.Url)).Append("\">").Append(E(r.Path)).Append("</a>");
                if (r.Latest is not null) b.Append(" <span class=\"meta\">").Append(E(r.Latest)).Append("</span>");
                b.Append(" <span class=\"meta\">· used by ").Append(r.UsedBy.ToString(CultureInfo.InvariantCulture)).Append("</span>");
                if (r.Description.Length > 0) b.Append("<br>").Append(E(r.Description));
                b.Append("</li>\n");
            }
            b.Append("</ol>\n");
        }
        return Layout(v.Query.Length == 0 ? "Modules" : "Search: " + v.Query, v.Query, b.ToString());
    }

    /// <summary>The module page.</summary>
    public static string Module(ModuleView m)
    {
        var b = new StringBuilder(16384);
        b.Append("<nav aria-label=\"Breadcrumb\"><a href=\"/\">Modules</a> › ").Append(E(m.Path)).Append("</nav>\n");
        b.Append("<h1>").Append(E(m.Path)).Append("</h1>\n");
        if (m.Description.Length > 0) b.Append("<p>").Append(E(m.Description)).Append("</p>\n");
        b.Append("<p class=\"meta\">Latest: ");
        if (m.Latest is not null) b.Append("<a href=\"").Append(E(RegistryViews.VersionUrl(m.Path, m.Latest))).Append("\">").Append(E(m.Latest)).Append("</a>");
        else b.Append("none");
        b.Append(" · ").Append(m.Versions.Count.ToString(CultureInfo.InvariantCulture)).Append(m.Versions.Count == 1 ? " version" : " versions")
            .Append(" · used by ").Append(m.UsedByCount.ToString(CultureInfo.InvariantCulture)).Append(m.UsedByCount == 1 ? " module" : " modules");
        if (m.Scorecard is { } sc) b.Append(" · scorecard ").Append(sc.Passed.ToString(CultureInfo.InvariantCulture))
            .Append('/').Append(sc.Total.ToString(CultureInfo.InvariantCulture));
        b.Append("</p>\n");
        if (m.Install is { } i) AppendInstall(b, i);

        b.Append("<h2 id=\"versions\">Versions</h2>\n<table>\n<caption>Stored versions, newest first</caption>\n" +
            "<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Date</th>" +
            "<th scope=\"col\">Scorecard</th><th scope=\"col\">module.mod</th></tr></thead>\n<tbody>\n");
        foreach (var r in m.Versions)
        {
            b.Append("<tr><td><a href=\"").Append(E(r.Url)).Append("\">").Append(E(r.Version)).Append("</a>");
            if (r.Version == m.Latest) b.Append("<span class=\"badge ok\">latest</span>");
            if (r.Incompatible) b.Append("<span class=\"badge\" title=\"a v2+ tag of a module without a /vN path\">+incompatible</span>");
            if (r.Pseudo) b.Append("<span class=\"badge\">pseudo-version</span>");
            if (r.Prerelease) b.Append("<span class=\"badge\">prerelease</span>");
            if (r.Retracted)
            {
                b.Append("<span class=\"badge retracted\">retracted</span>");
                if (!string.IsNullOrEmpty(r.Rationale)) b.Append("<br><span class=\"retracted\">").Append(E(r.Rationale)).Append("</span>");
            }
            b.Append("</td><td><time datetime=\"").Append(r.Time is { } t ? E(t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)) : "").Append("\">")
                .Append(Date(r.Time)).Append("</time></td><td>").Append(E(r.Score)).Append("</td><td><details><summary>module.mod<span class=\"skip\"> of ")
                .Append(E(r.Version)).Append("</span></summary><pre>").Append(E(r.ModFile)).Append("</pre></details></td></tr>\n");
        }
        b.Append("</tbody>\n</table>\n");

        if (m.Retractions.Count > 0)
        {
            b.Append("<h2 id=\"retractions\">Retractions</h2>\n<p class=\"meta\">From the module.mod of the latest version.</p>\n<ul>\n");
            foreach (var r in m.Retractions)
            {
                b.Append("<li class=\"retracted\">").Append(E(r.Low == r.High ? r.Low : $"[{r.Low}, {r.High}]"));
                if (r.Rationale.Length > 0) b.Append(": ").Append(E(r.Rationale));
                b.Append("</li>\n");
            }
            b.Append("</ul>\n");
        }
        AppendRequires(b, m.Requires, m.Latest);

        b.Append("<h2 id=\"used-by\">Used by</h2>\n");
        if (m.UsedByCount == 0) b.Append("<p>No stored module requires it.</p>\n");
        else
        {
            b.Append("<p>").Append(m.UsedByCount.ToString(CultureInfo.InvariantCulture))
                .Append(m.UsedByCount == 1 ? " stored module requires" : " stored modules require")
                .Append(" it (in their latest version).</p>\n<ul>\n");
            foreach (var u in m.UsedBy) b.Append("<li><a href=\"").Append(E(RegistryViews.ModuleUrl(u))).Append("\">").Append(E(u)).Append("</a></li>\n");
            b.Append("</ul>\n");
        }

        b.Append("<h2 id=\"readme\">README</h2>\n");
        if (m.ReadmeHtml is null) b.Append("<p>The latest version has no README.</p>\n");
        else b.Append("<section class=\"readme\" aria-label=\"").Append(E(m.ReadmeName)).Append("\">\n").Append(m.ReadmeHtml).Append("</section>\n");
        if (m.Scorecard is { } card) AppendScorecard(b, card, m.Latest);
        return Layout(m.Path, "", b.ToString());
    }

    /// <summary>The version page.</summary>
    public static string Version(VersionView v)
    {
        var b = new StringBuilder(8192);
        b.Append("<nav aria-label=\"Breadcrumb\"><a href=\"/\">Modules</a> › <a href=\"").Append(E(RegistryViews.ModuleUrl(v.Path)))
            .Append("\">").Append(E(v.Path)).Append("</a> › ").Append(E(v.Version)).Append("</nav>\n");
        b.Append("<h1>").Append(E(v.Path)).Append('@').Append(E(v.Version)).Append("</h1>\n");
        b.Append("<p class=\"meta\">").Append(v.Time is null ? "" : "Published " + Date(v.Time) + " · ");
        b.Append(v.IsLatest ? "the latest version"
            : v.Latest is null ? ""
            : "latest is <a href=\"" + E(RegistryViews.VersionUrl(v.Path, v.Latest)) + "\">" + E(v.Latest) + "</a>");
        if (v.Incompatible) b.Append(" · <span class=\"badge\">+incompatible</span>");
        b.Append("</p>\n");
        if (v.Retraction is { } r)
            b.Append("<p class=\"retracted\" role=\"note\"><strong>Retracted</strong>")
                .Append(r.Rationale.Length > 0 ? ": " + E(r.Rationale) : "").Append("</p>\n");
        if (v.Problem is not null) b.Append("<p role=\"note\">Part of this version could not be read: ").Append(E(v.Problem)).Append("</p>\n");
        AppendInstall(b, v.Install);
        b.Append("<h2 id=\"hashes\">Hashes</h2>\n<dl>\n<dt>Zip (<code>h1:</code>)</dt><dd><code>").Append(E(v.ZipHash ?? "unknown")).Append("</code></dd>\n")
            .Append("<dt>module.mod (<code>h1:</code>)</dt><dd><code>").Append(E(v.ModHash)).Append("</code></dd>\n")
            .Append("<dt>Zip size</dt><dd>").Append(v.ZipBytes.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes</dd>\n</dl>\n");
        AppendScorecard(b, v.Scorecard, v.Version);
        AppendRequires(b, v.Requires, v.Version);
        b.Append("<h2 id=\"module-mod\">module.mod</h2>\n<pre>").Append(E(v.ModFile)).Append("</pre>\n");
        b.Append("<h2 id=\"files\">Files</h2>\n<table>\n<caption>").Append(v.Files.Count.ToString(CultureInfo.InvariantCulture))
            .Append(v.Files.Count == 1 ? " file" : " files")
            .Append(" in the module zip</caption>\n<thead><tr><th scope=\"col\">Path</th><th scope=\"col\">Size (bytes)</th></tr></thead>\n<tbody>\n");
        foreach (var f in v.Files)
            b.Append("<tr><td><code>").Append(E(f.Name)).Append("</code></td><td>")
                .Append(f.Size.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        b.Append("</tbody>\n</table>\n");
        return Layout(v.Path + "@" + v.Version, "", b.ToString());
    }

    /// <summary>The page for a module or version this registry does not have.</summary>
    public static string NotFound(string what) =>
        Layout("Not found", "", "<h1>Not found</h1>\n<p>This registry stores no module " + E(what) + ". Search for another one above.</p>\n");

    private static void AppendInstall(StringBuilder b, InstallLines i)
    {
        b.Append("<section class=\"copy\" aria-labelledby=\"use\">\n<h2 id=\"use\">Use it</h2>\n")
            .Append("<p>With <code>dotnet mod</code>:</p>\n<pre><code>").Append(E(i.DotnetModGet)).Append("</code></pre>\n")
            .Append("<p>In a project file:</p>\n<pre><code>").Append(E(i.ModuleReference)).Append("</code></pre>\n");
        if (i.ModuleSum.Length > 0)
            b.Append("<p><code>module.sum</code> lines:</p>\n<pre><code>")
                .Append(E(i.ModuleSum)).Append('\n').Append(E(i.ModuleSumMod)).Append("</code></pre>\n");
        b.Append("</section>\n");
    }

    private static void AppendRequires(StringBuilder b, IReadOnlyList<Requirement> requires, string? version)
    {
        b.Append("<h2 id=\"requires\">Requirements</h2>\n");
        if (requires.Count == 0)
        {
            b.Append("<p>").Append(E(version ?? "This version")).Append(" requires no modules.</p>\n");
            return;
        }
        b.Append("<ul>\n");
        foreach (var r in requires)
        {
            b.Append("<li>");
            if (r.Url is not null) b.Append("<a href=\"").Append(E(r.Url)).Append("\">").Append(E(r.Path)).Append("</a>");
            else b.Append(E(r.Path));
            b.Append(' ').Append(E(r.Version)).Append("</li>\n");
        }
        b.Append("</ul>\n");
    }

    private static void AppendScorecard(StringBuilder b, Scorecard card, string? version)
    {
        b.Append("<h2 id=\"scorecard\">Scorecard").Append(version is null ? "" : " of " + E(version)).Append("</h2>\n<table>\n<caption>")
            .Append(card.Passed.ToString(CultureInfo.InvariantCulture)).Append(" of ").Append(card.Total.ToString(CultureInfo.InvariantCulture))
            .Append(" checks pass (computed by this proxy from the stored files)</caption>\n" +
                "<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Result</th><th scope=\"col\">Detail</th></tr></thead>\n<tbody>\n");
        foreach (var c in card.Checks)
            b.Append("<tr><td>").Append(E(c.Name)).Append("</td><td class=\"").Append(c.Passed ? "ok\">✓ pass" : "no\">✗ fail")
                .Append("</td><td>").Append(E(c.Detail)).Append("</td></tr>\n");
        b.Append("</tbody>\n</table>\n");
    }
}
