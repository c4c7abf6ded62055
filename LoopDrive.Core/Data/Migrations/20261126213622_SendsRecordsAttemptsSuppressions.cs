using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SendsRecordsAttemptsSuppressions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "send_attempts",
                columns: table => new
                {
                    send_id = table.Column<string>(type: "text", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    outcome = table.Column<string>(type: "text", nullable: false),
                    provider = table.Column<string>(type: "text", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    external_id = table.Column<string>(type: "text", nullable: true),
                    error_code = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_attempts", x => new { x.send_id, x.number });
                });

            migrationBuilder.CreateTable(
                name: "send_bulk_jobs",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    template = table.Column<string>(type: "jsonb", nullable: false),
                    person_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    next_index = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_bulk_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "send_events",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    send_id = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    provider_event_id = table.Column<string>(type: "text", nullable: true),
                    code = table.Column<string>(type: "text", nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "send_provider_receipts",
                columns: table => new
                {
                    provider = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_provider_receipts", x => new { x.provider, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "send_suppressions",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    address = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_send_suppressions", x => new { x.workspace_id, x.channel, x.address });
                });

            migrationBuilder.CreateTable(
                name: "sends",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    recipient = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<string>(type: "text", nullable: true),
                    html = table.Column<string>(type: "text", nullable: true),
                    brand_id = table.Column<string>(type: "text", nullable: true),
                    objective = table.Column<string>(type: "text", nullable: true),
                    from_name = table.Column<string>(type: "text", nullable: true),
                    from_address = table.Column<string>(type: "text", nullable: true),
                    reply_to = table.Column<string>(type: "text", nullable: true),
                    thread_id = table.Column<string>(type: "text", nullable: true),
                    utm_params = table.Column<string>(type: "jsonb", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    composition_id = table.Column<string>(type: "text", nullable: true),
                    bulk_job_id = table.Column<string>(type: "text", nullable: true),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    scheduled_by_caller = table.Column<bool>(type: "boolean", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    external_id = table.Column<string>(type: "text", nullable: true),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    price_cents = table.Column<long>(type: "bigint", nullable: false),
                    segments = table.Column<int>(type: "integer", nullable: false),
                    gate_decisions = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sends", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_send_bulk_jobs_workspace_id_created_at",
                table: "send_bulk_jobs",
                columns: new[] { "workspace_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_send_events_send_id_at",
                table: "send_events",
                columns: new[] { "send_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_send_events_send_id_provider_event_id",
                table: "send_events",
                columns: new[] { "send_id", "provider_event_id" },
                unique: true,
                filter: "provider_event_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_send_provider_receipts_received_at",
                table: "send_provider_receipts",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_sends_bulk_job_id",
                table: "sends",
                column: "bulk_job_id",
                filter: "bulk_job_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_sends_external_id",
                table: "sends",
                column: "external_id",
                filter: "external_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_sends_person_id_channel_queued_at",
                table: "sends",
                columns: new[] { "person_id", "channel", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_sends_scheduled_for",
                table: "sends",
                column: "scheduled_for",
                filter: "status in ('queued','deferred')");

            migrationBuilder.CreateIndex(
                name: "ix_sends_workspace_id_queued_at",
                table: "sends",
                columns: new[] { "workspace_id", "queued_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "send_attempts");

            migrationBuilder.DropTable(
                name: "send_bulk_jobs");

            migrationBuilder.DropTable(
                name: "send_events");

            migrationBuilder.DropTable(
                name: "send_provider_receipts");

            migrationBuilder.DropTable(
                name: "send_suppressions");

            migrationBuilder.DropTable(
                name: "sends");
        }
    }
}
