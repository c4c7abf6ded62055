using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// The ledger's two functions plan their statements once per connection. With the default
    /// plan cache mode PostgreSQL kept choosing custom plans for their array parameters, so every
    /// transfer re-planned three large statements: that planning cost more CPU than executing them
    /// (about 0.9–1.2 ms of server CPU per single transfer against 0.4 ms with generic plans), while
    /// a 500-transfer batch costs the same either way.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127121500_BudgetLedgerGenericPlans")]
    public partial class BudgetLedgerGenericPlans : Migration
    {
        private const string Single = "budget_transfer(text, text, text, text, bigint, text, text, text, text, text, text, text, text, text, text, text, text, timestamptz)";
        private const string Batch = "budget_transfer_batch(text[], text[], text[], text[], bigint[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], timestamptz)";

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                ALTER FUNCTION {Single} SET plan_cache_mode = force_generic_plan;
                ALTER FUNCTION {Batch} SET plan_cache_mode = force_generic_plan;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                ALTER FUNCTION {Single} RESET plan_cache_mode;
                ALTER FUNCTION {Batch} RESET plan_cache_mode;
                """);
        }
    }
}
