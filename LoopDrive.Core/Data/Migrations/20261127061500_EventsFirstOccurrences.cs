using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Each person's first event of each type (time and channel), so a funnel reads one row per
    /// person and step instead of every event of the step's type. Kept exact by statement
    /// triggers: an insert adds or moves a first back (rows already later than the stored first
    /// are filtered by a read-only key probe, so the common case takes no row lock); a delete or a
    /// change of person (merge, unmerge, erasure's SET NULL) recomputes the keys it may have
    /// emptied from <c>events</c>. Keys are written in key order, so concurrent ingests that touch
    /// the same people wait on each other rather than deadlock. Ties on time go to the channel
    /// that sorts first, as the scanning funnel breaks them.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127061500_EventsFirstOccurrences")]
    public partial class EventsFirstOccurrences : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE event_firsts (
                    workspace_id text NOT NULL,
                    type text NOT NULL,
                    person_id text NOT NULL,
                    ts timestamptz NOT NULL,
                    channel text,
                    PRIMARY KEY (workspace_id, type, person_id));

                CREATE FUNCTION loopdrive_event_firsts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO event_firsts AS f (workspace_id, type, person_id, ts, channel)
                    SELECT DISTINCT ON (i.workspace_id, i.type, i.person_id) i.workspace_id, i.type, i.person_id, i.ts, i.channel
                    FROM inserted i
                    WHERE i.person_id IS NOT NULL
                      -- A per-row key probe (a scalar subquery), never a hash of the whole table.
                      AND (SELECT (x.ts, coalesce(x.channel, 'unknown') COLLATE "C") > (i.ts, coalesce(i.channel, 'unknown') COLLATE "C")
                           FROM event_firsts x
                           WHERE x.workspace_id = i.workspace_id AND x.type = i.type AND x.person_id = i.person_id) IS NOT FALSE
                    ORDER BY i.workspace_id, i.type, i.person_id, i.ts, coalesce(i.channel, 'unknown') COLLATE "C"
                    ON CONFLICT (workspace_id, type, person_id) DO UPDATE SET ts = excluded.ts, channel = excluded.channel
                        WHERE (excluded.ts, coalesce(excluded.channel, 'unknown') COLLATE "C") < (f.ts, coalesce(f.channel, 'unknown') COLLATE "C");
                    RETURN NULL;
                END $$;

                -- Recomputes the given keys from the events table: the first that is left, or no row.
                -- Recomputes the given [workspace, type, person] keys from the events table: the first that is left, or no row.
                CREATE FUNCTION loopdrive_event_firsts_recompute(keys jsonb) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
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

                CREATE FUNCTION loopdrive_event_firsts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    keys jsonb;
                BEGIN
                    -- Only a key whose stored first was deleted can change.
                    SELECT jsonb_agg(DISTINCT jsonb_build_array(d.workspace_id, d.type, d.person_id)) INTO keys
                    FROM deleted d
                    JOIN event_firsts f ON f.workspace_id = d.workspace_id AND f.type = d.type AND f.person_id = d.person_id AND f.ts = d.ts;
                    IF keys IS NOT NULL THEN
                        PERFORM loopdrive_event_firsts_recompute(keys);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION loopdrive_event_firsts_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    keys jsonb;
                BEGIN
                    -- Type and time are immutable; only a change of person moves firsts, from the old key and to the new one.
                    SELECT jsonb_agg(DISTINCT k) INTO keys
                    FROM old_rows o
                    JOIN new_rows n ON n.id = o.id AND n.person_id IS DISTINCT FROM o.person_id
                    CROSS JOIN LATERAL (VALUES (jsonb_build_array(o.workspace_id, o.type, o.person_id)),
                                               (jsonb_build_array(n.workspace_id, n.type, n.person_id))) v(k)
                    WHERE k->>2 IS NOT NULL;
                    IF keys IS NOT NULL THEN
                        PERFORM loopdrive_event_firsts_recompute(keys);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER events_firsts_inserted AFTER INSERT ON events
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_event_firsts_inserted();
                CREATE TRIGGER events_firsts_deleted AFTER DELETE ON events
                    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_event_firsts_deleted();
                CREATE TRIGGER events_firsts_moved AFTER UPDATE ON events
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_event_firsts_moved();

                INSERT INTO event_firsts (workspace_id, type, person_id, ts, channel)
                SELECT DISTINCT ON (workspace_id, type, person_id) workspace_id, type, person_id, ts, channel
                FROM events WHERE person_id IS NOT NULL
                ORDER BY workspace_id, type, person_id, ts, coalesce(channel, 'unknown') COLLATE "C";
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER events_firsts_moved ON events;
                DROP TRIGGER events_firsts_deleted ON events;
                DROP TRIGGER events_firsts_inserted ON events;
                DROP FUNCTION loopdrive_event_firsts_moved();
                DROP FUNCTION loopdrive_event_firsts_deleted();
                DROP FUNCTION loopdrive_event_firsts_recompute(jsonb);
                DROP FUNCTION loopdrive_event_firsts_inserted();
                DROP TABLE event_firsts;
                """);
        }
    }
}
