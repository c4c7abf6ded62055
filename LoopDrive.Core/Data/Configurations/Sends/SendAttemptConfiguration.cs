using LoopDrive.Core.Sends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Sends;

internal sealed class SendAttemptConfiguration : IEntityTypeConfiguration<SendAttempt>
{
    public void Configure(EntityTypeBuilder<SendAttempt> builder)
    {
        builder.ToTable("send_attempts");
        // The key is what stops two workers from calling the provider for the same attempt.
        builder.HasKey(x => new { x.SendId, x.Number });
    }
}
