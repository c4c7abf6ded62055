using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PersonGraph : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "persons",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "usable_in_copy",
                table: "mem_embeddings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "consent_changes",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_changes", x => x.id);
                    table.ForeignKey(
                        name: "fk_consent_changes_persons_person_id",
                        column: x => x.person_id,
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "person_merges",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    source_id = table.Column<string>(type: "text", nullable: false),
                    target_id = table.Column<string>(type: "text", nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_merges", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_consent_changes_person_id_channel_scope_recorded_at",
                table: "consent_changes",
                columns: new[] { "person_id", "channel", "scope", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_source_id",
                table: "person_merges",
                column: "source_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_target_id",
                table: "person_merges",
                column: "target_id");

            // Search is prefix and fuzzy over names and identity values: trigram GIN indexes serve
            // both LIKE 'x%' and similarity, on any collation. pg_trgm is a trusted extension.
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE INDEX ix_persons_name_trgm ON persons
                    USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops);
                CREATE INDEX ix_identities_value_trgm ON identities USING gin (value gin_trgm_ops);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_persons_name_trgm; DROP INDEX IF EXISTS ix_identities_value_trgm;");

            migrationBuilder.DropTable(
                name: "consent_changes");

            migrationBuilder.DropTable(
                name: "person_merges");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "usable_in_copy",
                table: "mem_embeddings");
        }
    }
}
