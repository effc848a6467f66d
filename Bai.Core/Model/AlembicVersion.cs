namespace Bai.Core.Model;

/// <summary>The Python backend's Alembic history, carried over unchanged (not a tenant table).</summary>
public sealed class AlembicVersion
{
    public required string VersionNum { get; set; }
}
