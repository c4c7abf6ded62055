using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// The relay deletes the rows it has handed to Redis instead of stamping them sent, so the
    /// outbox holds only what is still to be sent: the partial index of unsent rows is the primary
    /// key's job now and <c>sent_at</c> goes. Rows already stamped are relayed and handled; they go
    /// first. Down restores the column and index empty: rows relayed meanwhile are gone.
    /// </summary>
    public partial class SpineOutboxHoldsOnlyUnsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM outbox WHERE sent_at IS NOT NULL;");

            migrationBuilder.DropIndex(
                name: "ix_outbox_unsent",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "sent_at",
                table: "outbox");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "sent_at",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_unsent",
                table: "outbox",
                column: "id",
                filter: "sent_at IS NULL");
        }
    }
}
