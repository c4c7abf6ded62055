using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Outbox writers NOTIFY only while no relay is awake. PostgreSQL serialises the commits of
    /// every notifying transaction in a database on one lock, so a NOTIFY in each one-message
    /// transaction capped how many of them could commit per second (single-row outbox inserts,
    /// eight clients: 1,400–3,500 transactions/s with the NOTIFY against 5,900–8,300 without).
    /// A relay that has found rows recently polls on its own and says so in
    /// <c>outbox_relay_awake</c> with a short lease; writers then skip the NOTIFY. The table is
    /// unlogged: after a crash it is empty, and empty means every writer notifies.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127153000_SpineRelayAwakeGate")]
    public partial class SpineRelayAwakeGate : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE UNLOGGED TABLE outbox_relay_awake (
                    relay_id text PRIMARY KEY,
                    awake_until timestamptz NOT NULL
                );

                CREATE OR REPLACE FUNCTION loopdrive_outbox_notify() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM outbox_relay_awake WHERE awake_until > clock_timestamp()) THEN
                        PERFORM pg_notify('{SpineNotifyAndVectorIndex.OutboxChannel}', '');
                    END IF;
                    RETURN NULL;
                END $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                {SpineNotifyAndVectorIndex.NotifyEveryInsert}

                DROP TABLE IF EXISTS outbox_relay_awake;
                """);
        }
    }
}
