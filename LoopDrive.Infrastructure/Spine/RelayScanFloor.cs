namespace LoopDrive.Infrastructure.Spine;

/// <summary>
/// The outbox id a relay's claim starts scanning from. Every relayed row leaves a dead entry in the
/// primary key until vacuum, all of them below the live rows (ids grow), and vacuum of a large
/// outbox may skip index cleanup for a long time; a claim that always started at the lowest id would
/// step over all of them on every pass. The floor moves up only past ids that can no longer turn up
/// unsent:
/// <list type="bullet">
/// <item>Each claim notes the last outbox id handed out so far and then takes a transaction id of
/// its own. Once every transaction up to that one has ended (a later snapshot's xmin has passed
/// it), each of those outbox ids is committed or gone, so a later claim that was not full saw and
/// took every unsent one of them.</item>
/// <item>A full claim may have left unsent rows after its last id; the floor stops there.</item>
/// <item>Rows Redis refused go back to unsent below the floor: any failure drops the floor.</item>
/// <item>A row can still slip below the floor in rare cases the rules cannot see (a row whose
/// insert is its transaction's first write and drew its outbox id a moment before the transaction
/// got its transaction id; a row whose claim by another relay replica was rolled back), so a claim
/// from the first id runs every <c>sweepInterval</c> and sends such a row late, never never.</item>
/// </list>
/// </summary>
public sealed class RelayScanFloor(TimeProvider clock, TimeSpan sweepInterval)
{
    /// <summary>Candidates wait while a long transaction holds the snapshot xmin back; beyond this many the newest are not kept.</summary>
    private const int MaxCandidates = 4096;

    private readonly Lock _gate = new();
    private readonly Queue<(long LastId, long NextXid)> _candidates = new();
    private long _floor = long.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>The lowest id the next claim looks at: no bound when a sweep is due.</summary>
    public long NextScanStart()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (now < _nextSweep) return _floor;
            _nextSweep = now + sweepInterval;
            return long.MinValue;
        }
    }

    /// <param name="snapshot">Read just before the claim, in the same transaction.</param>
    /// <param name="claimed">Rows the claim took.</param>
    /// <param name="full">Whether the claim took as many rows as it asked for.</param>
    /// <param name="lastClaimedId">The highest id it took (meaningful when <paramref name="claimed"/> &gt; 0).</param>
    public void Observe(ClaimSnapshot snapshot, int claimed, bool full, long lastClaimedId)
    {
        lock (_gate)
        {
            var settled = -1L;
            while (_candidates.TryPeek(out var candidate) && candidate.NextXid <= snapshot.OldestRunningXid)
                settled = _candidates.Dequeue().LastId;
            if (_candidates.Count < MaxCandidates)
                _candidates.Enqueue((snapshot.LastAllocatedId, snapshot.NextXid));
            if (settled < 0) return;

            var next = settled + 1;
            if (full && claimed > 0) next = Math.Min(next, lastClaimedId + 1);
            if (next > _floor) _floor = next;
        }
    }

    /// <summary>After rows went back to unsent (or a pass failed): scan from the start again.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _floor = long.MinValue;
            _candidates.Clear();
        }
    }
}

/// <param name="OldestRunningXid">The snapshot's xmin: every older transaction has ended.</param>
/// <param name="NextXid">One past the claim's own transaction id, taken after <paramref name="LastAllocatedId"/> was read.</param>
/// <param name="LastAllocatedId">The outbox id sequence's last value handed out.</param>
public readonly record struct ClaimSnapshot(long OldestRunningXid, long NextXid, long LastAllocatedId);
