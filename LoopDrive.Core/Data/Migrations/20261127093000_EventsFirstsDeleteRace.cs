using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Closes a race in <c>event_firsts</c>: an insert whose key probe still saw a first being
    /// deleted by another transaction took no lock and wrote nothing, while the deleting
    /// transaction's recompute could not see the uncommitted insert, so the key was left empty with
    /// an event behind it. A recompute (deletes and person changes only, both rare) now first takes
    /// a lock that conflicts with every writer of <c>event_firsts</c>: the insert trigger's statement
    /// waits for the recompute to commit and then probes afresh, and a recompute waits for
    /// uncommitted inserts and then sees their events. The insert path itself is unchanged.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127093000_EventsFirstsDeleteRace")]
    public partial class EventsFirstsDeleteRace : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Recompute("LOCK TABLE event_firsts IN SHARE ROW EXCLUSIVE MODE;"));
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Recompute(""));
        }

        private static string Recompute(string firstStatement) => $$"""
            CREATE OR REPLACE FUNCTION loopdrive_event_firsts_recompute(keys jsonb) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                {{firstStatement}}
                DELETE FROM event_firsts f
                USING (SELECT DISTINCT k->>0 AS workspace_id, k->>1 AS type, k->>2 AS person_id FROM jsonb_array_elements(keys) k) k
                WHERE f.workspace_id = k.workspace_id AND f.type = k.type AND f.person_id = k.person_id;

                INSERT INTO event_firsts (workspace_id, type, person_id, ts, channel)
                SELECT k.workspace_id, k.type, k.person_id, e.ts, e.channel
                FROM (SELECT DISTINCT k->>0 AS workspace_id, k->>1 AS type, k->>2 AS person_id FROM jsonb_array_elements(keys) k
                      ORDER BY 1, 2, 3) k
                CROSS JOIN LATERAL (
                    SELECT ts, channel FROM events e
                    WHERE e.person_id = k.person_id AND e.workspace_id = k.workspace_id AND e.type = k.type
                    ORDER BY e.ts, coalesce(e.channel, 'unknown') COLLATE "C" LIMIT 1) e
                ON CONFLICT (workspace_id, type, person_id) DO UPDATE SET ts = excluded.ts, channel = excluded.channel;
            END $$;
            """;
    }
}
