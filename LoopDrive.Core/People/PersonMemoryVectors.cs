using System.Numerics.Tensors;
using LoopDrive.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LoopDrive.Core.People;

/// <summary>
/// Keeps a person's memory vectors in process, so a similarity query costs one point query (is the
/// copy current?) and a scan of contiguous floats instead of fetching every vector again. The rows
/// themselves (text and the rest, without the vector) are held too, so the winners need no second query. The copy
/// is keyed by workspace, person and model and stamped with <c>persons.memory_version</c>, which
/// database triggers bump on any change to that person's memories; a stale copy is never used.
/// Bounded by <see cref="BudgetBytes"/> (least recently used copies go first).
/// </summary>
public sealed class PersonMemoryVectors : IDisposable
{
    /// <summary>Total size of the vectors held, across persons.</summary>
    public const long BudgetBytes = 256L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = BudgetBytes });

    /// <summary>One person's vectors of one model, with what the filters need, as of one memory version.</summary>
    public sealed class Snapshot
    {
        public required long Version { get; init; }
        public required int Dimensions { get; init; }
        public required string[] Ids { get; init; }
        /// <summary>Row-major: vector i is <c>Vectors[i*Dimensions .. (i+1)*Dimensions]</c>, each scaled to unit length.</summary>
        public required float[] Vectors { get; init; }
        public required string[] Kinds { get; init; }
        public required double[] Confidence { get; init; }
        public required DateTimeOffset?[] ExpiresAt { get; init; }
        public required bool[] UsableInCopy { get; init; }
        /// <summary>Memory i as stored, without its vector; callers get a copy (<see cref="Memory"/>), never this instance.</summary>
        public required MemEmbedding[] Rows { get; init; }

        public int Count => Ids.Length;

        public ReadOnlySpan<float> Vector(int i) => Vectors.AsSpan(i * Dimensions, Dimensions);

        public MemEmbedding Memory(int i)
        {
            var row = Rows[i];
            return new MemEmbedding
            {
                Id = row.Id, WorkspaceId = row.WorkspaceId, PersonId = row.PersonId, Kind = row.Kind, Text = row.Text,
                ModelId = row.ModelId, SourceEventId = row.SourceEventId, Confidence = row.Confidence, Metadata = row.Metadata,
                ExpiresAt = row.ExpiresAt, UsableInCopy = row.UsableInCopy, CreatedAt = row.CreatedAt,
            };
        }
    }

    /// <summary>The person's current vectors made by <paramref name="modelId"/>; loads them when the held copy is missing or stale.</summary>
    public async Task<Snapshot?> GetAsync(LoopDriveDbContext db, string workspaceId, string personId, string modelId, CancellationToken cancellationToken)
    {
        var version = await db.Database
            .SqlQuery<long>($"SELECT memory_version AS \"Value\" FROM persons WHERE id = {personId} AND workspace_id = {workspaceId}")
            .FirstOrDefaultAsync(cancellationToken);
        var key = (workspaceId, personId, modelId);
        if (_cache.TryGetValue(key, out Snapshot? held) && held!.Version == version) return held;

        // Version first, rows second: rows changed in between make the copy newer than its stamp,
        // which only costs a reload on the next query; never older.
        var rows = await db.MemEmbeddings.AsNoTracking().IgnoreQueryFilters()
            .Where(m => m.WorkspaceId == workspaceId && m.PersonId == personId && m.ModelId == modelId && m.Vector != null)
            .Select(m => new
            {
                m.Id, m.Kind, m.Confidence, m.ExpiresAt, m.UsableInCopy, m.Vector,
                m.Text, m.SourceEventId, m.Metadata, m.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0) return null;

        var dimensions = rows[0].Vector!.Length;
        rows.RemoveAll(r => r.Vector!.Length != dimensions);
        var snapshot = new Snapshot
        {
            Version = version,
            Dimensions = dimensions,
            Ids = [.. rows.Select(r => r.Id)],
            Vectors = new float[rows.Count * dimensions],
            Kinds = [.. rows.Select(r => r.Kind)],
            Confidence = [.. rows.Select(r => r.Confidence ?? 1.0)],
            ExpiresAt = [.. rows.Select(r => r.ExpiresAt)],
            UsableInCopy = [.. rows.Select(r => r.UsableInCopy)],
            Rows = [.. rows.Select(r => new MemEmbedding
            {
                Id = r.Id, WorkspaceId = workspaceId, PersonId = personId, Kind = r.Kind, Text = r.Text, ModelId = modelId,
                SourceEventId = r.SourceEventId, Confidence = r.Confidence, Metadata = r.Metadata, ExpiresAt = r.ExpiresAt,
                UsableInCopy = r.UsableInCopy, CreatedAt = r.CreatedAt,
            })],
        };
        for (var i = 0; i < rows.Count; i++)
        {
            var target = snapshot.Vectors.AsSpan(i * dimensions, dimensions);
            var norm = TensorPrimitives.Norm(rows[i].Vector);
            // A zero vector stays zero: it is similar to nothing.
            if (norm > 0) TensorPrimitives.Divide(rows[i].Vector, norm, target);
        }
        _cache.Set(key, snapshot, new MemoryCacheEntryOptions
        {
            Size = (long)snapshot.Vectors.Length * sizeof(float) + rows.Sum(r => 160L + 2L * (r.Text.Length + (r.Metadata?.Length ?? 0))),
        });
        return snapshot;
    }

    public void Dispose() => _cache.Dispose();
}
