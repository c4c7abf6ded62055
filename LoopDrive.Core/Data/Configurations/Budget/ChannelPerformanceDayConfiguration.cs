using LoopDrive.Core.Budget;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Budget;

internal sealed class ChannelPerformanceDayConfiguration : IEntityTypeConfiguration<ChannelPerformanceDay>
{
    public void Configure(EntityTypeBuilder<ChannelPerformanceDay> builder)
    {
        builder.ToTable("channel_performance_daily");
        builder.HasKey(x => new { x.WorkspaceId, x.Channel, x.Day });
    }
}
