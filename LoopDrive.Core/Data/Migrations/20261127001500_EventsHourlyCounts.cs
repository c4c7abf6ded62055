using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoopDrive.Core.Data.Migrations
{
    /// <summary>
    /// Hourly event counts per workspace, type and channel, so stats over a month read a few
    /// thousand rows instead of scanning a million events. A statement trigger appends one delta
    /// row per (hour, type, channel) an insert or delete touched — append-only, so concurrent
    /// ingests never wait on each other's rows — and <c>FoldEventCounts</c> periodically moves the
    /// deltas into <c>event_counts_hourly</c>. Stats read both tables in one statement (one
    /// snapshot), so a fold in progress is never counted twice or missed. Type, time and channel
    /// of a stored event are immutable, which keeps the counts exact.
    /// </summary>
    [DbContext(typeof(LoopDriveDbContext))]
    [Migration("20261127001500_EventsHourlyCounts")]
    public partial class EventsHourlyCounts : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE event_counts_hourly (
                    workspace_id text NOT NULL,
                    hour timestamptz NOT NULL,
                    type text NOT NULL,
                    channel text NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (workspace_id, hour, type, channel));

                CREATE TABLE event_count_deltas (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    workspace_id text NOT NULL,
                    hour timestamptz NOT NULL,
                    type text NOT NULL,
                    channel text NOT NULL,
                    n bigint NOT NULL);
                CREATE INDEX ix_event_count_deltas_workspace_hour ON event_count_deltas (workspace_id, hour);

                CREATE FUNCTION loopdrive_event_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO event_count_deltas (workspace_id, hour, type, channel, n)
                    SELECT workspace_id, date_trunc('hour', ts, 'UTC'), type, coalesce(channel, ''), count(*)
                    FROM inserted GROUP BY 1, 2, 3, 4;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION loopdrive_event_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO event_count_deltas (workspace_id, hour, type, channel, n)
                    SELECT workspace_id, date_trunc('hour', ts, 'UTC'), type, coalesce(channel, ''), -count(*)
                    FROM deleted GROUP BY 1, 2, 3, 4;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION loopdrive_event_facts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the type, time and channel of a stored event cannot change (event %)', OLD.id
                        USING ERRCODE = 'check_violation';
                END $$;

                CREATE TRIGGER events_counts_inserted AFTER INSERT ON events
                    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_event_counts_inserted();
                CREATE TRIGGER events_counts_deleted AFTER DELETE ON events
                    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION loopdrive_event_counts_deleted();
                CREATE TRIGGER events_facts_immutable BEFORE UPDATE OF type, ts, channel ON events
                    FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.ts IS DISTINCT FROM NEW.ts OR OLD.channel IS DISTINCT FROM NEW.channel)
                    EXECUTE FUNCTION loopdrive_event_facts_immutable();

                INSERT INTO event_counts_hourly (workspace_id, hour, type, channel, count)
                SELECT workspace_id, date_trunc('hour', ts, 'UTC'), type, coalesce(channel, ''), count(*)
                FROM events GROUP BY 1, 2, 3, 4;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER events_facts_immutable ON events;
                DROP TRIGGER events_counts_deleted ON events;
                DROP TRIGGER events_counts_inserted ON events;
                DROP FUNCTION loopdrive_event_facts_immutable();
                DROP FUNCTION loopdrive_event_counts_deleted();
                DROP FUNCTION loopdrive_event_counts_inserted();
                DROP TABLE event_count_deltas;
                DROP TABLE event_counts_hourly;
                """);
        }
    }
}
