namespace Bai.Verifier.Checks.Schema;

using System.Text.Json;
using Npgsql;

/// <summary>
/// What the target holds of the BAI tables, read from pg_catalog in one query (no table is scanned): each table's
/// kind, persistence and row security; its columns; its constraints (foreign keys with the state of their RI
/// triggers, which <c>DISABLE TRIGGER ALL</c> turns off while the constraint stays validated, and which this session's
/// <c>session_replication_role = replica</c>, a setting of the database or role, skips; keys with their index's
/// validity, which an edit of pg_index changes while the constraint stays validated); the indexes that back no
/// constraint; for every key and index, each key column's collation, operator class and order, its INCLUDE columns
/// and its NULLS [NOT] DISTINCT; and whatever can hide or rewrite rows: inheritance children (and partitions), which a
/// <c>SELECT</c> of the table reads and a <c>COPY</c> of it does not, a parent (a partitioned table's bound refuses
/// the rows outside it), triggers (not the internal ones that enforce the
/// foreign keys), rules (not a view's <c>_RETURN</c>) and row-security policies; and a table of its name in a later
/// schema of the search_path, which the one found first shadows, and an operator of PostgreSQL's name for one of its
/// columns' types in a schema of the search_path, which the application's comparisons may resolve to instead.
/// </summary>
internal static class CatalogObjects
{
    /// <summary>Each BAI table's objects, by table name; a table the search_path does not find has none.</summary>
    public static async Task<Dictionary<string, List<SchemaObject>>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var objects = tables.ToDictionary(t => t, _ => new List<SchemaObject>(), StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue(tables.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var facets = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3))!;
            objects[reader.GetString(0)].Add(new SchemaObject(reader.GetString(1), reader.GetString(2), facets));
        }

        return objects;
    }

    // Tables as the application finds them (to_regclass through the search_path, as the other checks read them).
    // Facets absent from a kind of constraint are NULL and stripped. NOT NULL constraints, which PostgreSQL 18 also
    // lists in pg_constraint (contype 'n'), are compared as the columns' "not null".
    private const string Sql = """
        WITH bai AS (SELECT t AS name, to_regclass(quote_ident(t)) AS oid FROM unnest($1::text[]) AS t),
        -- A collation by the name the model gives it: PostgreSQL's own ("C") by its name alone, any other with its
        -- schema. A collation anyone may create in public named "C" or "default" (ICU, case-blind, not deterministic)
        -- read as the built-in one, while it orders otherwise and makes a unique key refuse other rows.
        -- This session's session_replication_role, as the application's sessions get it (pg_settings.source says from where).
        session AS (
            SELECT setting = 'replica' AS replica,
                   CASE source WHEN 'database' THEN 'a setting of the database' WHEN 'user' THEN 'a setting of the role'
                               WHEN 'database user' THEN 'a setting of the role in the database' WHEN 'client' THEN 'set by the connection string'
                               ELSE 'from the ' || source END AS source
            FROM pg_settings WHERE name = 'session_replication_role'),
        relation_kinds (relkind, kind) AS (
            VALUES ('r'::"char", 'ordinary table'), ('p', 'partitioned table'), ('v', 'view'), ('m', 'materialized view'), ('f', 'foreign table')),
        collation_names AS (
            SELECT co.oid, CASE WHEN co.collnamespace = 'pg_catalog'::regnamespace THEN co.collname
                                ELSE co.collnamespace::regnamespace::text || '.' || quote_ident(co.collname) END AS name
            FROM pg_collation co),
        -- How each index (a key's too) compares and what it holds beyond its columns: a key rebuilt over the same
        -- columns with another collation refuses other rows (and orders them otherwise), DESC or NULLS FIRST changes
        -- the order an index scan returns, INCLUDE columns and NULLS NOT DISTINCT change what a write must satisfy.
        -- The collation is the index column's own (the column's "C" for the account columns); 0, a type that has
        -- none, reads as the type's default, as the columns' facet spells it. An operator class that is its type's
        -- default (text_ops for varchar, through its binary coercion to text) reads as "default": the model names
        -- one only when it departs from it. indnullsnotdistinct (PostgreSQL 15) is read through to_jsonb, so the
        -- query runs on a server that predates it, where every unique index treats NULLs as distinct.
        index_facets AS (
            SELECT i.indexrelid, jsonb_build_object(
                       'collations', k.collations, 'operator classes', k.operators, 'order', k.directions,
                       'include', coalesce((SELECT '(' || string_agg(pg_get_indexdef(i.indexrelid, n, true), ', ' ORDER BY n) || ')'
                                            FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS n), 'none'),
                       'nulls', CASE WHEN (to_jsonb(i) ->> 'indnullsnotdistinct')::boolean THEN 'not distinct' ELSE 'distinct' END) AS facets
            FROM bai b
            JOIN pg_index i ON i.indrelid = b.oid
            CROSS JOIN LATERAL (
                SELECT '(' || string_agg(CASE WHEN i.indcollation[n - 1] IN (0, ty.typcollation) THEN 'default' ELSE co.name END, ', ' ORDER BY n) || ')' AS collations,
                       '(' || string_agg(CASE WHEN opc.opcdefault THEN 'default' ELSE opc.opcname END, ', ' ORDER BY n) || ')' AS operators,
                       '(' || string_agg(CASE WHEN i.indoption[n - 1] & 1 = 1 THEN 'desc' ELSE 'asc' END
                                         || CASE WHEN i.indoption[n - 1] & 2 = 2 THEN ' nulls first' ELSE ' nulls last' END, ', ' ORDER BY n) || ')' AS directions
                FROM generate_series(1, i.indnkeyatts) AS n
                JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = n
                JOIN pg_type ty ON ty.oid = ia.atttypid
                LEFT JOIN collation_names co ON co.oid = i.indcollation[n - 1]
                LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[n - 1]) AS k)
        SELECT b.name, 'table', b.name, jsonb_build_object(
                   'kind', coalesce(rk.kind, c.relkind::text),
                   'persistence', CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 'u' THEN 'unlogged' ELSE 'temporary' END,
                   'row security', CASE WHEN c.relforcerowsecurity THEN 'forced' WHEN c.relrowsecurity THEN 'on' ELSE 'off' END)::text
        FROM bai b JOIN pg_class c ON c.oid = b.oid LEFT JOIN relation_kinds rk ON rk.relkind = c.relkind
        UNION ALL
        SELECT b.name, 'column', a.attname, jsonb_build_object(
                   'type', format_type(a.atttypid, a.atttypmod),
                   'not null', CASE WHEN a.attnotnull THEN 'yes' ELSE 'no' END,
                   'collation', CASE WHEN a.attcollation IN (0, t.typcollation) THEN 'default' ELSE co.name END,
                   'identity', CASE a.attidentity WHEN 'd' THEN 'by default' WHEN 'a' THEN 'always' ELSE 'none' END,
                   'generated', CASE a.attgenerated WHEN 's' THEN 'stored' ELSE 'no' END,
                   'default', CASE WHEN a.attidentity = '' AND a.attgenerated = '' AND d.adbin IS NOT NULL THEN pg_get_expr(d.adbin, d.adrelid) ELSE 'none' END,
                   -- SET STORAGE PLAIN keeps a text's values in the row, uncompressed: a row that no longer fits a
                   -- page is refused ("row is too big"). The other strategies store any value, and are no difference.
                   'long values', CASE WHEN a.attstorage = 'p' AND t.typstorage <> 'p' THEN 'refused (storage plain)' ELSE 'stored' END)::text
        FROM bai b
        JOIN pg_attribute a ON a.attrelid = b.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN collation_names co ON co.oid = a.attcollation
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        UNION ALL
        SELECT b.name, 'constraint', k.conname, (jsonb_strip_nulls(jsonb_build_object(
                   'type', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                                          WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' WHEN 't' THEN 'constraint trigger' ELSE k.contype::text END,
                   'columns', CASE WHEN k.contype IN ('p', 'u', 'f') THEN
                       (SELECT '(' || string_agg(a.attname, ', ' ORDER BY u.o) || ')'
                        FROM unnest(k.conkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) END,
                   'references', CASE WHEN k.contype = 'f' THEN k.confrelid::regclass::text || ' ' ||
                       (SELECT '(' || string_agg(a.attname, ', ' ORDER BY u.o) || ')'
                        FROM unnest(k.confkey) WITH ORDINALITY AS u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n) END,
                   'on delete', CASE WHEN k.contype = 'f' THEN CASE k.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                                      WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END END,
                   'on update', CASE WHEN k.contype = 'f' THEN CASE k.confupdtype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                                      WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END END,
                   'match', CASE WHEN k.contype = 'f' THEN CASE k.confmatchtype WHEN 's' THEN 'simple' WHEN 'f' THEN 'full' ELSE 'partial' END END,
                   'definition', CASE WHEN k.contype = 'c' THEN pg_get_expr(k.conbin, k.conrelid)
                                      WHEN k.contype NOT IN ('p', 'u', 'f') THEN pg_get_constraintdef(k.oid) END,
                   'deferrable', CASE WHEN k.condeferred THEN 'initially deferred' WHEN k.condeferrable THEN 'yes' ELSE 'no' END,
                   'validated', CASE WHEN k.convalidated THEN 'yes' ELSE 'no' END,
                   -- A key's index as the index objects' "valid": one PostgreSQL may not use (indisvalid) plans around
                   -- it, and one it does not update (indisready) checks no write against the key, which then refuses
                   -- nothing, while the constraint still reads validated.
                   'index valid', CASE WHEN k.contype IN ('p', 'u', 'x') THEN
                       (SELECT CASE WHEN i.indisvalid AND i.indisready THEN 'yes' ELSE 'no' END FROM pg_index i WHERE i.indexrelid = k.conindid) END,
                   -- The foreign key is enforced by these triggers (two on each table), not by the constraint row:
                   -- ALTER TABLE ... DISABLE TRIGGER ALL turns them off and leaves convalidated true. Enabled ones
                   -- ('O') do not fire in a session whose session_replication_role is replica either, which a setting
                   -- of the database or role gives every session of the application (and this one).
                   'triggers', CASE WHEN k.contype = 'f' THEN
                       (SELECT CASE WHEN count(*) = 0 THEN 'none'
                                    WHEN bool_and(g.tgenabled = 'A' OR (g.tgenabled = 'O' AND NOT s.replica)) THEN 'enabled'
                                    ELSE 'not enabled: ' || concat_ws(', ',
                                         string_agg(g.tgname || ' on ' || g.tgrelid::regclass::text
                                             || CASE g.tgenabled WHEN 'D' THEN ' (disabled)' ELSE ' (replica sessions only)' END, ', ' ORDER BY g.tgname)
                                             FILTER (WHERE g.tgenabled NOT IN ('O', 'A')),
                                         CASE WHEN s.replica AND bool_or(g.tgenabled = 'O') THEN 'session_replication_role is replica (' || s.source
                                             || '), and PostgreSQL skips the triggers that enforce the foreign key in replica sessions' END) END
                        FROM pg_trigger g WHERE g.tgconstraint = k.oid) END)) || coalesce(f.facets, '{}'))::text
        FROM bai b JOIN pg_constraint k ON k.conrelid = b.oid AND k.contype <> 'n'
        CROSS JOIN session s
        LEFT JOIN index_facets f ON f.indexrelid = k.conindid AND k.contype IN ('p', 'u', 'x')
        UNION ALL
        SELECT b.name, 'index', ic.relname, (jsonb_build_object(
                   'columns', (SELECT '(' || string_agg(pg_get_indexdef(i.indexrelid, n, true), ', ' ORDER BY n) || ')' FROM generate_series(1, i.indnkeyatts) AS n),
                   'unique', CASE WHEN i.indisunique THEN 'yes' ELSE 'no' END,
                   'method', am.amname,
                   'predicate', coalesce(pg_get_expr(i.indpred, i.indrelid), 'none'),
                   'valid', CASE WHEN i.indisvalid AND i.indisready THEN 'yes' ELSE 'no' END) || f.facets)::text
        FROM bai b
        JOIN pg_index i ON i.indrelid = b.oid
        JOIN index_facets f ON f.indexrelid = i.indexrelid
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
        UNION ALL
        SELECT b.name, 'child table', h.inhrelid::regclass::text, jsonb_build_object('inherits from', b.name)::text
        FROM bai b JOIN pg_inherits h ON h.inhparent = b.oid
        UNION ALL
        -- A table the BAI table inherits from, or is a partition of: a partition refuses a row outside its bound, a
        -- bound no pg_constraint row holds; statements on a parent reach the BAI table's rows.
        SELECT b.name, 'parent table', h.inhparent::regclass::text,
               (CASE WHEN c.relispartition THEN jsonb_build_object('partition bound', pg_get_expr(c.relpartbound, c.oid))
                     ELSE jsonb_build_object('inherited by', b.name) END)::text
        FROM bai b JOIN pg_inherits h ON h.inhrelid = b.oid JOIN pg_class c ON c.oid = b.oid
        UNION ALL
        -- A relation of the table's name in another schema of the search_path: the application and these checks read
        -- and write the one found first (to_regclass above), and this one not at all.
        SELECT b.name, 'shadowed table', quote_ident(n.nspname) || '.' || quote_ident(c.relname), jsonb_build_object(
                   'kind', coalesce(rk.kind, c.relkind::text),
                   'shadowed by', (SELECT quote_ident(fn.nspname) || '.' || quote_ident(f.relname)
                                   FROM pg_class f JOIN pg_namespace fn ON fn.oid = f.relnamespace WHERE f.oid = b.oid))::text
        FROM bai b
        JOIN pg_class c ON c.relname = b.name AND c.oid <> b.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = ANY (current_schemas(false))
        LEFT JOIN relation_kinds rk ON rk.relkind = c.relkind
        UNION ALL
        -- An operator of PostgreSQL's name (=, <, ~~...) that someone created in a schema of the search_path for a type
        -- of the table's columns: where its argument types fit a comparison of those columns more closely than
        -- PostgreSQL's own (varchar = varchar against text = text), the application's statements use it (CVE-2018-1058:
        -- a case-blind = makes 'ACCT_0001' another account's id). Not an extension's, which a DBA installs on purpose.
        SELECT b.name, 'operator', quote_ident(n.nspname) || '.' || o.oprname || '(' || coalesce(format_type(nullif(o.oprleft, 0), NULL), 'none')
                   || ', ' || coalesce(format_type(nullif(o.oprright, 0), NULL), 'none') || ')',
               jsonb_build_object('function', (SELECT format('%I.%s(%s)', pn.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
                                               FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = o.oprcode))::text
        FROM bai b
        JOIN pg_operator o ON o.oprnamespace <> 'pg_catalog'::regnamespace
        JOIN pg_namespace n ON n.oid = o.oprnamespace AND n.nspname = ANY (current_schemas(false))
        WHERE EXISTS (SELECT 1 FROM pg_operator p WHERE p.oprnamespace = 'pg_catalog'::regnamespace AND p.oprname = o.oprname)
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = b.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid IN (o.oprleft, o.oprright))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
        UNION ALL
        SELECT b.name, 'trigger', g.tgname, jsonb_build_object(
                   'definition', pg_get_triggerdef(g.oid),
                   'enabled', CASE g.tgenabled WHEN 'O' THEN 'yes' WHEN 'A' THEN 'always' WHEN 'R' THEN 'replica sessions only' ELSE 'no' END)::text
        FROM bai b JOIN pg_trigger g ON g.tgrelid = b.oid AND NOT g.tgisinternal
        UNION ALL
        SELECT b.name, 'rule', r.rulename, jsonb_build_object('definition', pg_get_ruledef(r.oid))::text
        FROM bai b JOIN pg_rewrite r ON r.ev_class = b.oid AND r.rulename <> '_RETURN'
        UNION ALL
        SELECT b.name, 'policy', p.polname, jsonb_build_object(
                   'type', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                   'command', CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'all' END,
                   -- Role 0 is PUBLIC.
                   'roles', (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ', ' ORDER BY r) FROM unnest(p.polroles) AS r),
                   'using', coalesce(pg_get_expr(p.polqual, p.polrelid), 'none'),
                   'with check', coalesce(pg_get_expr(p.polwithcheck, p.polrelid), 'none'))::text
        FROM bai b JOIN pg_policy p ON p.polrelid = b.oid
        """;
}
