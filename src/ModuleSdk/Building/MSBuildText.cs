using System.Text;

namespace ModuleSdk.Tasks;

/// <summary>MSBuild's escaping: the characters MSBuild would interpret in a property or item value become <c>%XX</c>.</summary>
internal static class MSBuildText
{
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is '%' or '$' or '@' or '\'' or ';' or '?' or '*' or '\n' or '\r' or '\t')
                sb.Append('%').Append(((int)c).ToString("X2"));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}
