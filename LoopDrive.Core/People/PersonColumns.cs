using System.Data.Common;

namespace LoopDrive.Core.People;

/// <summary>
/// Hand-mapped rows of <c>persons</c> and <c>identities</c> for the read paths that run on every
/// request (resolve, GET person), where EF's query pipeline and materializer cost more than the
/// query itself. The column lists and the readers are kept side by side so they cannot drift.
/// </summary>
internal static class PersonColumns
{
    /// <summary>Twelve columns of <c>persons</c> under the alias <c>p</c>, in the order <see cref="ReadPerson"/> reads them.</summary>
    public const string Person =
        "p.id, p.workspace_id, p.organization_id, p.first_name, p.last_name, p.locale, p.timezone, p.metadata, p.merged_into_id, p.erased_at, p.created_at, p.updated_at";

    /// <summary>Ten columns of <c>identities</c> under the alias <c>i</c>, in the order <see cref="ReadIdentity"/> reads them.</summary>
    public const string Identity =
        "i.id, i.workspace_id, i.person_id, i.type, i.value, i.verified, i.is_primary, i.metadata, i.created_at, i.updated_at";

    public const int IdentityCount = 10;

    public static Person ReadPerson(DbDataReader reader, int at) => new()
    {
        Id = reader.GetString(at),
        WorkspaceId = reader.GetString(at + 1),
        OrganizationId = NullableString(reader, at + 2),
        FirstName = NullableString(reader, at + 3),
        LastName = NullableString(reader, at + 4),
        Locale = NullableString(reader, at + 5),
        Timezone = NullableString(reader, at + 6),
        Metadata = NullableString(reader, at + 7),
        MergedIntoId = NullableString(reader, at + 8),
        ErasedAt = reader.IsDBNull(at + 9) ? null : reader.GetFieldValue<DateTimeOffset>(at + 9),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(at + 10),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(at + 11),
    };

    public static Identity ReadIdentity(DbDataReader reader, int at) => new()
    {
        Id = reader.GetString(at),
        WorkspaceId = reader.GetString(at + 1),
        PersonId = reader.GetString(at + 2),
        Type = reader.GetString(at + 3),
        Value = reader.GetString(at + 4),
        Verified = reader.GetBoolean(at + 5),
        IsPrimary = reader.GetBoolean(at + 6),
        Metadata = NullableString(reader, at + 7),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(at + 8),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(at + 9),
    };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
