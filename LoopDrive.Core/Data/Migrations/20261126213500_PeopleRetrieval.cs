using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Retrieval at scale, none of which the EF model needs to know about:
    /// <list type="bullet">
    /// <item><c>persons.memory_version</c>, bumped by statement triggers on every change to a
    /// person's memories (added, embedded, moved by a merge or undo, deleted), so a process can keep
    /// a person's vectors in memory and know with one point query whether they are current.</item>
    /// <item>B-tree prefix indexes (<c>text_pattern_ops</c>) on identity values, full names and last
    /// names, covering the person id so prefix matches are read from the index alone: search answers
    /// exact and prefix matches in index order and stops at its cap,
    /// reaching for the trigram indexes only when those fall short.</item>
    /// </list>
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261126213500_PeopleRetrieval")]
    public partial class PeopleRetrieval : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE persons ADD COLUMN memory_version bigint NOT NULL DEFAULT 0;

                CREATE FUNCTION loopdrive_bump_memory_version() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE persons SET memory_version = memory_version + 1
                        WHERE id IN (SELECT person_id FROM new_rows);
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE persons SET memory_version = memory_version + 1
                        WHERE id IN (SELECT person_id FROM old_rows);
                    ELSE
                        UPDATE persons SET memory_version = memory_version + 1
                        WHERE id IN (SELECT person_id FROM new_rows UNION SELECT person_id FROM old_rows);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER mem_embeddings_version_insert AFTER INSERT ON mem_embeddings
                    REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_bump_memory_version();
                CREATE TRIGGER mem_embeddings_version_update AFTER UPDATE ON mem_embeddings
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_bump_memory_version();
                CREATE TRIGGER mem_embeddings_version_delete AFTER DELETE ON mem_embeddings
                    REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_bump_memory_version();

                CREATE INDEX ix_identities_value_prefix ON identities (workspace_id, value text_pattern_ops) INCLUDE (person_id);
                CREATE INDEX ix_persons_name_prefix ON persons
                    (workspace_id, (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) text_pattern_ops) INCLUDE (id)
                    WHERE merged_into_id IS NULL AND erased_at IS NULL;
                CREATE INDEX ix_persons_last_name_prefix ON persons (workspace_id, (lower(last_name)) text_pattern_ops) INCLUDE (id)
                    WHERE merged_into_id IS NULL AND erased_at IS NULL AND last_name IS NOT NULL;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_persons_last_name_prefix;
                DROP INDEX IF EXISTS ix_persons_name_prefix;
                DROP INDEX IF EXISTS ix_identities_value_prefix;
                DROP TRIGGER IF EXISTS mem_embeddings_version_delete ON mem_embeddings;
                DROP TRIGGER IF EXISTS mem_embeddings_version_update ON mem_embeddings;
                DROP TRIGGER IF EXISTS mem_embeddings_version_insert ON mem_embeddings;
                DROP FUNCTION IF EXISTS loopdrive_bump_memory_version();
                ALTER TABLE persons DROP COLUMN IF EXISTS memory_version;
                """);
        }
    }
}
