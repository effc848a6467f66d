namespace Bai.Core.Schema;

/// <summary>The legacy BAI schema exactly as the Python backend created it (the input contract).</summary>
public static class LegacySchemaScript
{
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(LegacySchemaScript).Assembly.GetManifestResourceStream("legacy-bai-sqlite.sql")
            ?? throw new InvalidOperationException("The legacy schema resource is missing from Bai.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
