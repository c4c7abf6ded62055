using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LearningLoopState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "learning_arm_daily",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    arm_key = table.Column<string>(type: "text", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    trials = table.Column<double>(type: "double precision", nullable: false),
                    successes = table.Column<double>(type: "double precision", nullable: false),
                    penalties = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_arm_daily", x => new { x.workspace_id, x.kind, x.arm_key, x.day });
                });

            migrationBuilder.CreateTable(
                name: "learning_arms",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    arm_key = table.Column<string>(type: "text", nullable: false),
                    brand_id = table.Column<string>(type: "text", nullable: true),
                    use_case = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: true),
                    trials = table.Column<double>(type: "double precision", nullable: false),
                    successes = table.Column<double>(type: "double precision", nullable: false),
                    penalties = table.Column<double>(type: "double precision", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_arms", x => new { x.workspace_id, x.kind, x.arm_key });
                });

            migrationBuilder.CreateTable(
                name: "learning_cadence",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    engagements = table.Column<int>(type: "integer", nullable: false),
                    last_engaged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    mean_gap_hours = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_cadence", x => new { x.workspace_id, x.person_id });
                });

            migrationBuilder.CreateTable(
                name: "learning_channel_daily",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    deliveries = table.Column<long>(type: "bigint", nullable: false),
                    clicks = table.Column<long>(type: "bigint", nullable: false),
                    positives = table.Column<double>(type: "double precision", nullable: false),
                    negatives = table.Column<double>(type: "double precision", nullable: false),
                    revenue = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_channel_daily", x => new { x.workspace_id, x.channel, x.day });
                });

            migrationBuilder.CreateTable(
                name: "learning_health",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed = table.Column<long>(type: "bigint", nullable: false),
                    dropped = table.Column<long>(type: "bigint", nullable: false),
                    ignored = table.Column<long>(type: "bigint", nullable: false),
                    lag_ms_sum = table.Column<double>(type: "double precision", nullable: false),
                    lag_ms_max = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_health", x => new { x.workspace_id, x.minute });
                });

            migrationBuilder.CreateTable(
                name: "learning_send_states",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    send_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    counted = table.Column<bool>(type: "boolean", nullable: false),
                    converted = table.Column<bool>(type: "boolean", nullable: false),
                    penalized = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_send_states", x => new { x.workspace_id, x.send_id });
                });

            migrationBuilder.CreateTable(
                name: "learning_send_times",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    hour_of_week = table.Column<short>(type: "smallint", nullable: false),
                    trials = table.Column<double>(type: "double precision", nullable: false),
                    successes = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_send_times", x => new { x.workspace_id, x.person_id, x.hour_of_week });
                });

            migrationBuilder.CreateTable(
                name: "learning_topic_daily",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    topic = table.Column<string>(type: "text", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    weight = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_topic_daily", x => new { x.workspace_id, x.person_id, x.topic, x.day });
                });

            migrationBuilder.CreateTable(
                name: "send_sandbox_webhooks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    send_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    recipient = table.Column<string>(type: "text", nullable: false),
                    external_id = table.Column<string>(type: "text", nullable: false),
                    reply_text = table.Column<string>(type: "text", nullable: true),
                    url = table.Column<string>(type: "text", nullable: true),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_sandbox_webhooks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_learning_arms_workspace_id_brand_id_use_case_channel",
                table: "learning_arms",
                columns: new[] { "workspace_id", "brand_id", "use_case", "channel" });

            migrationBuilder.CreateIndex(
                name: "ix_learning_topic_daily_workspace_id_topic_day",
                table: "learning_topic_daily",
                columns: new[] { "workspace_id", "topic", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_send_sandbox_webhooks_due_at",
                table: "send_sandbox_webhooks",
                column: "due_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "learning_arm_daily");

            migrationBuilder.DropTable(
                name: "learning_arms");

            migrationBuilder.DropTable(
                name: "learning_cadence");

            migrationBuilder.DropTable(
                name: "learning_channel_daily");

            migrationBuilder.DropTable(
                name: "learning_health");

            migrationBuilder.DropTable(
                name: "learning_send_states");

            migrationBuilder.DropTable(
                name: "learning_send_times");

            migrationBuilder.DropTable(
                name: "learning_topic_daily");

            migrationBuilder.DropTable(
                name: "send_sandbox_webhooks");
        }
    }
}
