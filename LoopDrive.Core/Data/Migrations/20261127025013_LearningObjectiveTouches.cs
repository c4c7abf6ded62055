using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LearningObjectiveTouches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "objective_touches",
                columns: table => new
                {
                    objective_id = table.Column<string>(type: "text", nullable: false),
                    touch = table.Column<int>(type: "integer", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    send_id = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: true),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_objective_touches", x => new { x.objective_id, x.touch });
                });

            migrationBuilder.CreateIndex(
                name: "ix_objective_touches_send_id",
                table: "objective_touches",
                column: "send_id");

            migrationBuilder.CreateIndex(
                name: "ix_objective_touches_workspace_id_next_due_at",
                table: "objective_touches",
                columns: new[] { "workspace_id", "next_due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "objective_touches");
        }
    }
}
