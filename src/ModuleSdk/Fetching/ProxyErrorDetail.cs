using System.Net.Http.Headers;
using System.Text;

namespace ModuleSdk.Fetching;

/// <summary>
/// The "server response" shown under a failed request, as the go command shows it: only for
/// <c>text/plain</c> bodies in UTF-8 (or ASCII), at most 8 lines and 648 bytes, cut at the first
/// blank line, and nothing at all if the text holds control characters, so that a server cannot
/// play tricks with the user's terminal.
/// </summary>
internal static class ProxyErrorDetail
{
    public const int MaxLines = 8;
    public const int MaxBytes = MaxLines * 81;

    // Enough to see 8 full lines of 81 bytes and to tell that a longer text is too long.
    private const int ReadLimit = 4096;

    /// <summary>Reports whether a body of this type may be shown.</summary>
    public static bool IsShowable(MediaTypeHeaderValue? contentType)
    {
        if (contentType?.MediaType is not { } media || !media.Equals("text/plain", StringComparison.OrdinalIgnoreCase)) return false;
        var charset = contentType.CharSet?.Trim('"');
        return string.IsNullOrEmpty(charset)
            || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the start of an error body (bounded, with the stall timeout) and formats it.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, TimeSpan stall, CancellationToken cancellationToken)
    {
        if (!IsShowable(response.Content.Headers.ContentType)) return "";
        var buffer = new byte[ReadLimit];
        int length = 0;
        bool complete = false;
        try
        {
            using var stallCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (length < buffer.Length)
            {
                stallCts.CancelAfter(stall);
                int n = await body.ReadAsync(buffer.AsMemory(length), stallCts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    complete = true;
                    break;
                }
                length += n;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The status is the error; a broken body only means less detail to show.
        }
        return Format(buffer.AsSpan(0, length), complete);
    }

    /// <summary>Formats the start of a text body: tab-indented lines, Go's truncation notes.</summary>
    public static string Format(ReadOnlySpan<byte> body, bool complete)
    {
        if (!complete)
        {
            // A cut may fall inside a UTF-8 sequence; drop the partial character rather than
            // treating the whole text as invalid.
            int end = body.Length;
            while (end > 0 && (body[end - 1] & 0xC0) == 0x80) end--;
            if (end > 0 && body[end - 1] >= 0xC0) end--;
            body = body[..end];
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "";
        }
        foreach (char c in text)
        {
            if (char.IsControl(c) && !char.IsWhiteSpace(c)) return "";
        }
        var detail = new StringBuilder();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0) break;
            if (i > 0) detail.Append("\n\t");
            if (i >= MaxLines)
            {
                detail.Append("[Truncated: too many lines.]");
                break;
            }
            if (detail.Length + line.Length > MaxBytes)
            {
                detail.Append("[Truncated: too long.]");
                break;
            }
            detail.Append(line);
        }
        return detail.ToString();
    }

    /// <summary>Go's <c>reading URL: STATUS</c>, with the server response under it when there is one.</summary>
    public static string Message(string context, string url, string status, string detail)
    {
        var sb = new StringBuilder().Append(context).Append(": reading ").Append(url).Append(": ").Append(status);
        if (detail.Length > 0)
            sb.Append("\n\tserver response:").Append(detail.Contains('\n') ? "\n\t" : " ").Append(detail);
        return sb.ToString();
    }
}
