using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data;

internal static class ModelBuilderExtensions
{
    /// <summary>A JSON document kept as text in the entity and as <c>jsonb</c> in PostgreSQL.</summary>
    public static PropertyBuilder<string?> Json<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, string?>> property)
        where T : class => builder.Property(property).HasColumnType("jsonb");

    public static PropertyBuilder<string> RequiredJson<T>(this EntityTypeBuilder<T> builder, Expression<Func<T, string>> property)
        where T : class => builder.Property(property).HasColumnType("jsonb").IsRequired();
}
