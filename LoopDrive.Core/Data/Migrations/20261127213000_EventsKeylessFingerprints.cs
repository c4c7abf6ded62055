using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Key-less de-duplication of single events (CONTRACT §1.1, ⟳) moves from a Redis record per
    /// request into the event's own insert: the request's fingerprint is claimed here in the same
    /// statement and transaction. A repeat that arrives while the first is being stored waits on the
    /// row until the first commits; a crash or a failed insert takes the claim with it (a Redis claim
    /// stayed "in flight" for the whole window). A row counts for 60 s from <c>created_at</c>; the
    /// workers delete older ones.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127213000_EventsKeylessFingerprints")]
    public partial class EventsKeylessFingerprints : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE event_fingerprints (
                    api_key_id text NOT NULL,
                    fingerprint bytea NOT NULL,
                    event_id text NOT NULL,
                    created_at timestamptz NOT NULL,
                    PRIMARY KEY (api_key_id, fingerprint)
                );
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS event_fingerprints;");
        }
    }
}
