using LoopDrive.Benchmarks.Spine;
using LoopDrive.Core.Common;
using Npgsql;
using NpgsqlTypes;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// Synthetic persons for the benchmark, written with binary COPY: person <c>n</c> has the email
/// <see cref="Email"/>(n) and the instagram handle <see cref="Handle"/>(n), and a name drawn from
/// small lists so that name searches match many people, as they do in a real workspace.
/// </summary>
internal static class PeopleSeed
{
    public const string HandleType = "instagram";

    private static readonly string[] FirstNames =
    [
        "maria", "james", "sofia", "liam", "emma", "noah", "olivia", "lucas", "mia", "ethan",
        "ava", "mateo", "isabella", "leo", "amelia", "hugo", "chloe", "oscar", "zoe", "felix",
        "nora", "arthur", "lena", "theo", "clara", "adam", "ines", "jonas", "elena", "victor",
        "alice", "samuel", "julia", "daniel", "laura", "marco", "anna", "pablo", "sara", "tomas",
    ];

    private static readonly string[] LastNames =
    [
        "garcia", "smith", "muller", "rossi", "dubois", "kowalski", "jensen", "novak", "silva", "tanaka",
        "nguyen", "kim", "johnson", "brown", "martin", "bernard", "schmidt", "fischer", "weber", "meyer",
        "lopez", "gonzalez", "perez", "sanchez", "romero", "costa", "ferreira", "santos", "oliveira", "pereira",
        "andersen", "nielsen", "hansen", "larsen", "virtanen", "korhonen", "nowak", "horvat", "popescu", "ivanov",
        "petrov", "yilmaz", "kaya", "demir", "cohen", "levi", "murphy", "kelly", "walsh", "byrne",
        "wilson", "taylor", "thomas", "moore", "white", "harris", "clark", "lewis", "young", "walker",
    ];

    public static string Email(long n) => $"person{n}@bench.example";

    public static string Handle(long n) => $"handle{n}";

    public static string FirstName(long n) => FirstNames[n % FirstNames.Length];

    public static string LastName(long n) => LastNames[n / FirstNames.Length % LastNames.Length];

    /// <summary>Person ids in seed order, so callers can find person <c>n</c>.</summary>
    public static async Task<string[]> SeedPersonsAsync(NpgsqlDataSource dataSource, string workspaceId, int persons, CancellationToken cancellationToken)
    {
        // Seeded as known for a while, as the persons a live workspace resolves are: one changed
        // inside the de-duplication window would make its resolves take the claimed path.
        var now = DateTimeOffset.UtcNow.AddDays(-30).UtcDateTime;
        var ids = new string[persons];
        for (var n = 0; n < persons; n++) ids[n] = Ids.New(IdPrefixes.Person);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY persons (id, workspace_id, first_name, last_name, created_at, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // Indexes are built as the rows arrive; on a busy machine finishing can outlast the default timeout.
            copy.Timeout = TimeSpan.FromMinutes(10);
            for (var n = 0; n < persons; n++)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(ids[n], NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(workspaceId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(FirstName(n), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(LastName(n), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY identities (id, workspace_id, person_id, type, value, verified, is_primary, created_at, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // Indexes are built as the rows arrive; on a busy machine finishing can outlast the default timeout.
            copy.Timeout = TimeSpan.FromMinutes(10);
            for (var n = 0; n < persons; n++)
            {
                await WriteIdentityAsync(copy, workspaceId, ids[n], "email", Email(n), now, cancellationToken);
                await WriteIdentityAsync(copy, workspaceId, ids[n], HandleType, Handle(n), now, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
        }

        // The state autovacuum leaves a bulk load in: statistics, and a visibility map so prefix
        // search reads its covering indexes alone.
        await BenchServers.VacuumAnalyzeAsync(dataSource, cancellationToken, "persons", "identities");
        return ids;
    }

    private static async Task WriteIdentityAsync(NpgsqlBinaryImporter copy, string workspaceId, string personId, string type, string value,
        DateTime now, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(Ids.New(IdPrefixes.Identity), NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(workspaceId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(personId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(type, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(true, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
    }
}
