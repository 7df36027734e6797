using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ModuleSdk.Proxy.Registry;

/// <summary>
/// Renders a module's README (untrusted) into HTML that can do nothing but show text: Markdig
/// with raw HTML off (an inline <c>&lt;script&gt;</c> is shown as text), no extension that can set
/// attributes, links and images kept only for <c>http</c>, <c>https</c> (and <c>mailto</c> links)
/// with every other scheme (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>) and relative
/// links (they point into a repository this page is not) turned into their text, and headings
/// moved two levels down so they sit under the page's own <c>h1</c> and "README" <c>h2</c>. The
/// pages' Content-Security-Policy forbids scripts as a second wall.
/// </summary>
public static class ReadmeRenderer
{
    /// <summary>How much of a README is rendered.</summary>
    public const int MaxBytes = 512 * 1024;

    private const int MaxDescription = 240;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>Whether <paramref name="fileName"/> (a zip entry under the module root) is rendered as Markdown rather than plain text.</summary>
    public static bool IsMarkdown(string fileName) =>
        fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>The safe HTML of a README and its first paragraph as plain text (the module's description).</summary>
    public static (string Html, string Description) Render(string fileName, string text)
    {
        if (!IsMarkdown(fileName))
        {
            string first = text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault() ?? "";
            return ("<pre class=\"readme-text\">" + WebUtility.HtmlEncode(text) + "</pre>", Shorten(first));
        }
        var doc = Markdown.Parse(text, Pipeline);
        string description = "";
        foreach (var block in doc.Descendants<ParagraphBlock>())
        {
            if (block.Inline is null) continue;
            string plain = PlainText(block.Inline).Trim();
            // A paragraph of badges or links alone says nothing about the module.
            if (plain.Length == 0) continue;
            description = Shorten(plain);
            break;
        }
        foreach (var heading in doc.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);
        foreach (var link in doc.Descendants<LinkInline>().ToList())
        {
            if (link.IsImage)
            {
                if (!IsSafe(link.Url, image: true)) link.ReplaceBy(new LiteralInline(ChildrenText(link)), copyChildren: false);
            }
            else if (!IsSafe(link.Url, image: false))
            {
                link.ReplaceBy(new LiteralInline(PlainText(link)), copyChildren: false);
            }
        }
        foreach (var auto in doc.Descendants<AutolinkInline>().ToList())
        {
            string url = auto.IsEmail ? "mailto:" + auto.Url : auto.Url;
            if (!IsSafe(url, image: false)) auto.ReplaceBy(new LiteralInline(auto.Url), copyChildren: false);
        }
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        return (writer.ToString(), description);
    }

    /// <summary>Whether a README link or image may stay a link: absolute http(s), or mailto for links.</summary>
    public static bool IsSafe(string? url, bool image)
    {
        if (string.IsNullOrWhiteSpace(url)) return false;
        // Browsers ignore leading spaces and control characters and tabs inside a scheme; a URL
        // that needs any of that to look harmless is not kept.
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u)) return false;
        return u.Scheme is "http" or "https" || (!image && u.Scheme == "mailto");
    }

    private static string PlainText(Inline? inline)
    {
        var b = new StringBuilder();
        Append(b, inline);
        return b.ToString();
    }

    private static string ChildrenText(ContainerInline container)
    {
        var b = new StringBuilder();
        foreach (var child in container) Append(b, child);
        return b.ToString();
    }

    private static void Append(StringBuilder b, Inline? inline)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline l:
                b.Append(l.Content.ToString());
                break;
            case CodeInline c:
                b.Append(c.Content);
                break;
            case LineBreakInline:
                b.Append(' ');
                break;
            case AutolinkInline a:
                b.Append(a.Url);
                break;
            case LinkInline { IsImage: true }:
                // Badges: an image is not the description.
                break;
            case ContainerInline container:
                foreach (var child in container) Append(b, child);
                break;
        }
    }

    private static string Shorten(string s)
    {
        s = string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return s.Length <= MaxDescription ? s : s[..(MaxDescription - 1)].TrimEnd() + "…";
    }
}
