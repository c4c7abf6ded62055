using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventsIntakeAndIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_type",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_workspace_id_ts",
                table: "events");

            migrationBuilder.AddColumn<string>(
                name: "reload_payment_id",
                table: "wallets",
                type: "text",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "payment_intent_id",
                table: "stripe_payments",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "client_secret",
                table: "stripe_payments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                table: "stripe_payments",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "refunded_amount",
                table: "stripe_payments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "stripe_payments",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "classification",
                table: "events",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "unresolved_person_id",
                table: "events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "execution_id",
                table: "budget_allocations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "period_end",
                table: "budget_allocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "period_start",
                table: "budget_allocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "plan",
                table: "budget_allocations",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "rejected_at",
                table: "budget_allocations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rejected_by",
                table: "budget_allocations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_id",
                table: "budget_allocations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "strategy",
                table: "budget_allocations",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "brands",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    tone = table.Column<string>(type: "text", nullable: false),
                    audience = table.Column<string>(type: "text", nullable: true),
                    preferred_vocabulary = table.Column<List<string>>(type: "text[]", nullable: false),
                    avoid_vocabulary = table.Column<List<string>>(type: "text[]", nullable: false),
                    banned_phrases = table.Column<List<string>>(type: "text[]", nullable: false),
                    competitors = table.Column<List<string>>(type: "text[]", nullable: false),
                    required_disclaimers = table.Column<string>(type: "jsonb", nullable: false),
                    allowed_link_domains = table.Column<List<string>>(type: "text[]", nullable: false),
                    exemplars = table.Column<List<string>>(type: "text[]", nullable: false),
                    is_default = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_brands", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "budget_accounts",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    wallet_id = table.Column<string>(type: "text", nullable: true),
                    allocation_id = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: true),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    allow_negative = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_accounts", x => x.id);
                    table.CheckConstraint("ck_budget_accounts_balance", "allow_negative OR balance >= 0");
                });

            migrationBuilder.CreateTable(
                name: "channel_performance_daily",
                columns: table => new
                {
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    spend = table.Column<long>(type: "bigint", nullable: false),
                    impressions = table.Column<long>(type: "bigint", nullable: false),
                    clicks = table.Column<long>(type: "bigint", nullable: false),
                    conversions = table.Column<double>(type: "double precision", nullable: false),
                    revenue = table.Column<long>(type: "bigint", nullable: false),
                    reachable = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_performance_daily", x => new { x.workspace_id, x.channel, x.day });
                });

            migrationBuilder.CreateTable(
                name: "compositions",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    brand_id = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    objective = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    model = table.Column<string>(type: "text", nullable: false),
                    prompt_version = table.Column<string>(type: "text", nullable: false),
                    tokens_used = table.Column<int>(type: "integer", nullable: false),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    snippets_used = table.Column<List<string>>(type: "text[]", nullable: false),
                    memories_used = table.Column<List<string>>(type: "text[]", nullable: false),
                    messages = table.Column<string>(type: "jsonb", nullable: false),
                    guardrails = table.Column<string>(type: "jsonb", nullable: false),
                    violation_codes = table.Column<List<string>>(type: "text[]", nullable: false),
                    safe = table.Column<bool>(type: "boolean", nullable: false),
                    brand_alignment = table.Column<double>(type: "double precision", nullable: false),
                    sentiment = table.Column<double>(type: "double precision", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compositions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "spend_alerts",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    allocation_id = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "text", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: false),
                    current_spend = table.Column<long>(type: "bigint", nullable: false),
                    threshold_spend = table.Column<long>(type: "bigint", nullable: true),
                    recommended_action = table.Column<string>(type: "text", nullable: true),
                    dedupe_key = table.Column<string>(type: "text", nullable: false),
                    acknowledged = table.Column<bool>(type: "boolean", nullable: false),
                    acknowledged_by = table.Column<string>(type: "text", nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spend_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stripe_webhook_events",
                columns: table => new
                {
                    event_id = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    payment_intent_id = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stripe_webhook_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "prompt_pack_versions",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    brand_id = table.Column<string>(type: "text", nullable: false),
                    use_case = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    system_prompt = table.Column<string>(type: "text", nullable: false),
                    user_prompt_template = table.Column<string>(type: "text", nullable: false),
                    variables = table.Column<List<string>>(type: "text[]", nullable: false),
                    examples = table.Column<string>(type: "jsonb", nullable: true),
                    constraints = table.Column<string>(type: "jsonb", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prompt_pack_versions", x => x.id);
                    table.ForeignKey(
                        name: "fk_prompt_pack_versions_brands_brand_id",
                        column: x => x.brand_id,
                        principalTable: "brands",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "budget_transfers",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    workspace_id = table.Column<string>(type: "text", nullable: false),
                    from_account_id = table.Column<string>(type: "text", nullable: false),
                    to_account_id = table.Column<string>(type: "text", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    allocation_id = table.Column<string>(type: "text", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: true),
                    reference_id = table.Column<string>(type: "text", nullable: true),
                    reverses_transfer_id = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budget_transfers", x => x.id);
                    table.CheckConstraint("ck_budget_transfers_amount_positive", "amount > 0");
                    table.CheckConstraint("ck_budget_transfers_distinct_accounts", "from_account_id <> to_account_id");
                    table.ForeignKey(
                        name: "fk_budget_transfers_budget_accounts_from_account_id",
                        column: x => x.from_account_id,
                        principalTable: "budget_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_budget_transfers_budget_accounts_to_account_id",
                        column: x => x.to_account_id,
                        principalTable: "budget_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_payments_idempotency_key",
                table: "stripe_payments",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_workspace_ts_id",
                table: "events",
                columns: new[] { "workspace_id", "ts", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "type", "channel" });

            migrationBuilder.CreateIndex(
                name: "ix_events_workspace_type_ts",
                table: "events",
                columns: new[] { "workspace_id", "type", "ts" })
                .Annotation("Npgsql:IndexInclude", new[] { "person_id", "channel" });

            migrationBuilder.CreateIndex(
                name: "ix_brands_one_default_per_workspace",
                table: "brands",
                column: "workspace_id",
                unique: true,
                filter: "is_default");

            migrationBuilder.CreateIndex(
                name: "ix_brands_workspace_id_created_at",
                table: "brands",
                columns: new[] { "workspace_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_budget_accounts_allocation_id",
                table: "budget_accounts",
                column: "allocation_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_accounts_workspace_id_kind",
                table: "budget_accounts",
                columns: new[] { "workspace_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_allocation_id",
                table: "budget_transfers",
                column: "allocation_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_from_account_id",
                table: "budget_transfers",
                column: "from_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_reference_id",
                table: "budget_transfers",
                column: "reference_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_reverses_transfer_id",
                table: "budget_transfers",
                column: "reverses_transfer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_to_account_id",
                table: "budget_transfers",
                column: "to_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_budget_transfers_workspace_id_created_at",
                table: "budget_transfers",
                columns: new[] { "workspace_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_compositions_brand_id_created_at",
                table: "compositions",
                columns: new[] { "brand_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_compositions_person_id",
                table: "compositions",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_compositions_workspace_id_created_at",
                table: "compositions",
                columns: new[] { "workspace_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_prompt_pack_versions_brand_id_use_case_version",
                table: "prompt_pack_versions",
                columns: new[] { "brand_id", "use_case", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_prompt_pack_versions_one_active",
                table: "prompt_pack_versions",
                columns: new[] { "brand_id", "use_case" },
                unique: true,
                filter: "is_active");

            migrationBuilder.CreateIndex(
                name: "ix_spend_alerts_workspace_id_created_at",
                table: "spend_alerts",
                columns: new[] { "workspace_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_spend_alerts_workspace_id_dedupe_key",
                table: "spend_alerts",
                columns: new[] { "workspace_id", "dedupe_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stripe_webhook_events_payment_intent_id",
                table: "stripe_webhook_events",
                column: "payment_intent_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budget_transfers");

            migrationBuilder.DropTable(
                name: "channel_performance_daily");

            migrationBuilder.DropTable(
                name: "compositions");

            migrationBuilder.DropTable(
                name: "prompt_pack_versions");

            migrationBuilder.DropTable(
                name: "spend_alerts");

            migrationBuilder.DropTable(
                name: "stripe_webhook_events");

            migrationBuilder.DropTable(
                name: "budget_accounts");

            migrationBuilder.DropTable(
                name: "brands");

            migrationBuilder.DropIndex(
                name: "ix_stripe_payments_idempotency_key",
                table: "stripe_payments");

            migrationBuilder.DropIndex(
                name: "ix_events_workspace_ts_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_workspace_type_ts",
                table: "events");

            migrationBuilder.DropColumn(
                name: "reload_payment_id",
                table: "wallets");

            migrationBuilder.DropColumn(
                name: "client_secret",
                table: "stripe_payments");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                table: "stripe_payments");

            migrationBuilder.DropColumn(
                name: "refunded_amount",
                table: "stripe_payments");

            migrationBuilder.DropColumn(
                name: "source",
                table: "stripe_payments");

            migrationBuilder.DropColumn(
                name: "classification",
                table: "events");

            migrationBuilder.DropColumn(
                name: "unresolved_person_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "execution_id",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "period_end",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "period_start",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "plan",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "rejected_at",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "rejected_by",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "budget_allocations");

            migrationBuilder.DropColumn(
                name: "strategy",
                table: "budget_allocations");

            migrationBuilder.AlterColumn<string>(
                name: "payment_intent_id",
                table: "stripe_payments",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_type",
                table: "events",
                column: "type");

            migrationBuilder.CreateIndex(
                name: "ix_events_workspace_id_ts",
                table: "events",
                columns: new[] { "workspace_id", "ts" });
        }
    }
}
