namespace Bai.SampleData.Damage;

/// <summary>
/// Adds the damage <see cref="SampleOptions.Damage"/> asks for to a clean file, kind by kind in
/// <see cref="DamageKinds.All"/> order, and returns the manifest of everything written.
/// </summary>
internal static class DamageInjector
{
    private static readonly Dictionary<DamageKind, Action<DamageContext>> RowKinds = new()
    {
        [DamageKind.OrphanReference] = ReferenceDamage.Orphans,
        [DamageKind.CrossAccountReference] = ReferenceDamage.CrossAccount,
        [DamageKind.NullInNotNull] = ValueDamage.NullInNotNull,
        [DamageKind.OverlongVarchar] = ValueDamage.Overlong,
        [DamageKind.TextInTypedColumn] = ValueDamage.TextInTypedColumn,
        [DamageKind.LossyRealMoney] = ValueDamage.LossyRealMoney,
        [DamageKind.MixedDateFormats] = ValueDamage.MixedDateFormats,
        [DamageKind.ImpossibleDate] = ValueDamage.ImpossibleDate,
        [DamageKind.NulCharacter] = ValueDamage.NulCharacter,
        [DamageKind.InvalidUtf8] = ValueDamage.InvalidUtf8,
        [DamageKind.BlobInTextColumn] = ValueDamage.BlobInTextColumn,
        [DamageKind.DuplicateUserEmail] = ReferenceDamage.DuplicateEmail,
        [DamageKind.FaithfulRealMoney] = ValidConversionDamage.FaithfulRealMoney,
        [DamageKind.MixedButValidDates] = ValidConversionDamage.MixedButValidDates,
        [DamageKind.IntegerAsText] = ValidConversionDamage.IntegerAsText,
        [DamageKind.RealWholeNumberInInteger] = ValidConversionDamage.RealWholeNumberInInteger,
        [DamageKind.DecimalAsText] = ValidConversionDamage.DecimalAsText,
        [DamageKind.TextBoolean] = ValidConversionDamage.TextBoolean,
    };

    private static readonly Dictionary<DamageKind, Action<DamageContext>> SchemaKinds = new()
    {
        [DamageKind.SchemaDriftUnknownColumn] = SchemaDriftDamage.UnknownColumn,
        [DamageKind.SchemaDriftUnknownTable] = SchemaDriftDamage.UnknownTable,
        [DamageKind.SchemaDriftMissingTable] = SchemaDriftDamage.MissingTable,
        [DamageKind.UnexpectedAlembicVersion] = SchemaDriftDamage.UnexpectedAlembicVersion,
    };

    public static async Task<IReadOnlyList<GeneratedDamage>> ApplyAsync(string path, SampleOptions options, CancellationToken cancellationToken)
    {
        var manifest = new List<GeneratedDamage>();
        var rowKinds = DamageKinds.All.Where(k => options.Damage.Contains(k) && RowKinds.ContainsKey(k)).ToList();
        var schemaKinds = DamageKinds.All.Where(k => options.Damage.Contains(k) && SchemaKinds.ContainsKey(k)).ToList();

        if (rowKinds.Count > 0)
        {
            var original = await RelaxedSchema.RelaxAsync(path, cancellationToken);
            manifest.AddRange(await RunAsync(path, options.Seed, rowKinds, RowKinds, [], cancellationToken));
            await RelaxedSchema.RestoreAsync(path, original, cancellationToken);
        }

        if (schemaKinds.Count > 0)
        {
            // Schema drift last, on the real schema: dropping payments also withdraws earlier entries on it.
            manifest = [.. await RunAsync(path, options.Seed, schemaKinds, SchemaKinds, manifest, cancellationToken)];
        }

        return manifest;
    }

    private static async Task<IReadOnlyList<GeneratedDamage>> RunAsync(
        string path, int seed, List<DamageKind> kinds, Dictionary<DamageKind, Action<DamageContext>> actions,
        IReadOnlyList<GeneratedDamage> earlier, CancellationToken cancellationToken)
    {
        await using var connection = await SampleDatabase.OpenAsync(path, fast: true, cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var context = new DamageContext(connection, transaction, seed);
        foreach (var damage in earlier)
        {
            context.Record(damage);
        }

        foreach (var kind in kinds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.BeginKind(kind);
            actions[kind](context);
        }

        await transaction.CommitAsync(cancellationToken);
        return context.Manifest;
    }
}
