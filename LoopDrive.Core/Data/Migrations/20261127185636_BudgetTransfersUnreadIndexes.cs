using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BudgetTransfersUnreadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_reference_id",
                table: "budget_transfers");

            migrationBuilder.DropIndex(
                name: "ix_budget_transfers_workspace_id_created_at",
                table: "budget_transfers");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_reference_id",
                table: "budget_transfers",
                column: "reference_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_workspace_id_created_at",
                table: "budget_transfers",
                columns: new[] { "workspace_id", "created_at" });
        }
    }
}
