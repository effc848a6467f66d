namespace Bai.Core.Postgres;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last lines of both outputs, for an error message or a debug log.</summary>
    public string Tail(int maxChars = 600)
    {
        var text = (StandardError + Environment.NewLine + StandardOutput).Trim();
        return text.Length <= maxChars ? text : text[^maxChars..];
    }
}
