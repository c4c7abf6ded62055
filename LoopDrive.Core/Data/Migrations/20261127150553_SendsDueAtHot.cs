using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendsDueAtHot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sends_scheduled_for",
                table: "sends");

            migrationBuilder.AlterTable(
                name: "sends")
                .Annotation("Npgsql:StorageParameter:fillfactor", 85);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "due_at",
                table: "sends",
                type: "timestamp with time zone",
                nullable: true,
                computedColumnSql: "case when status = 'deferred' then scheduled_for end",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_sends_due_at",
                table: "sends",
                column: "due_at",
                filter: "due_at is not null");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sends_due_at",
                table: "sends");

            migrationBuilder.DropColumn(
                name: "due_at",
                table: "sends");

            migrationBuilder.AlterTable(
                name: "sends")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 85);

            migrationBuilder.CreateIndex(
                name: "ix_sends_scheduled_for",
                table: "sends",
                column: "scheduled_for",
                filter: "status in ('queued','deferred')");
        }
    }
}
