using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Two things the model cannot express: the outbox wakes the relay through NOTIFY (so hand-off
    /// takes milliseconds, not a poll interval), and where the pgvector extension is available the
    /// memory vectors get an HNSW index over a cast of the plain <c>real[]</c> column. Without the
    /// extension the index step does nothing and retrieval ranks in process.
    /// </summary>
    public partial class SpineNotifyAndVectorIndex : Migration
    {
        public const string OutboxChannel = "loopdrive_outbox";

        /// <summary>The trigger function as this migration creates it (a later one restores it on the way down).</summary>
        public const string NotifyEveryInsert = $"""
            CREATE OR REPLACE FUNCTION loopdrive_outbox_notify() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{OutboxChannel}', '');
                RETURN NULL;
            END $$;
            """;

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                {NotifyEveryInsert}

                CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
                    FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_outbox_notify();
                """);

            // EXECUTE keeps the vector type out of the parse of this block on servers without the extension.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
                        EXECUTE 'CREATE EXTENSION IF NOT EXISTS vector';
                        EXECUTE 'CREATE INDEX IF NOT EXISTS ix_mem_embeddings_vector_hnsw ON mem_embeddings '
                             || 'USING hnsw ((vector::vector(384)) vector_cosine_ops) '
                             || 'WHERE array_length(vector, 1) = 384';
                    END IF;
                END $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_mem_embeddings_vector_hnsw;
                DROP TRIGGER IF EXISTS outbox_notify ON outbox;
                DROP FUNCTION IF EXISTS loopdrive_outbox_notify();
                """);
        }
    }
}
