using LoopDrive.Core.Learning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoopDrive.Core.Data.Configurations.Learning;

internal sealed class LearningSendStateConfiguration : IEntityTypeConfiguration<LearningSendState>
{
    public void Configure(EntityTypeBuilder<LearningSendState> builder)
    {
        builder.ToTable("learning_send_states");
        builder.HasKey(x => new { x.WorkspaceId, x.SendId });
    }
}

internal sealed class LearningArmConfiguration : IEntityTypeConfiguration<LearningArm>
{
    public void Configure(EntityTypeBuilder<LearningArm> builder)
    {
        builder.ToTable("learning_arms");
        builder.HasKey(x => new { x.WorkspaceId, x.Kind, x.ArmKey });
        builder.HasIndex(x => new { x.WorkspaceId, x.BrandId, x.UseCase, x.Channel });
    }
}

internal sealed class LearningArmDayConfiguration : IEntityTypeConfiguration<LearningArmDay>
{
    public void Configure(EntityTypeBuilder<LearningArmDay> builder)
    {
        builder.ToTable("learning_arm_daily");
        builder.HasKey(x => new { x.WorkspaceId, x.Kind, x.ArmKey, x.Day });
    }
}

internal sealed class SendTimeCellConfiguration : IEntityTypeConfiguration<SendTimeCell>
{
    public void Configure(EntityTypeBuilder<SendTimeCell> builder)
    {
        builder.ToTable("learning_send_times");
        builder.HasKey(x => new { x.WorkspaceId, x.PersonId, x.HourOfWeek });
    }
}

internal sealed class CadenceProfileConfiguration : IEntityTypeConfiguration<CadenceProfile>
{
    public void Configure(EntityTypeBuilder<CadenceProfile> builder)
    {
        builder.ToTable("learning_cadence");
        builder.HasKey(x => new { x.WorkspaceId, x.PersonId });
    }
}

internal sealed class TopicWeightDayConfiguration : IEntityTypeConfiguration<TopicWeightDay>
{
    public void Configure(EntityTypeBuilder<TopicWeightDay> builder)
    {
        builder.ToTable("learning_topic_daily");
        builder.HasKey(x => new { x.WorkspaceId, x.PersonId, x.Topic, x.Day });
        builder.HasIndex(x => new { x.WorkspaceId, x.Topic, x.Day });
    }
}

internal sealed class LearnedChannelDayConfiguration : IEntityTypeConfiguration<LearnedChannelDay>
{
    public void Configure(EntityTypeBuilder<LearnedChannelDay> builder)
    {
        builder.ToTable("learning_channel_daily");
        builder.HasKey(x => new { x.WorkspaceId, x.Channel, x.Day });
    }
}

internal sealed class LoopHealthMinuteConfiguration : IEntityTypeConfiguration<LoopHealthMinute>
{
    public void Configure(EntityTypeBuilder<LoopHealthMinute> builder)
    {
        builder.ToTable("learning_health");
        builder.HasKey(x => new { x.WorkspaceId, x.Minute });
    }
}

internal sealed class ObjectiveTouchConfiguration : IEntityTypeConfiguration<ObjectiveTouch>
{
    public void Configure(EntityTypeBuilder<ObjectiveTouch> builder)
    {
        builder.ToTable("objective_touches");
        builder.HasKey(x => new { x.ObjectiveId, x.Touch });
        builder.HasIndex(x => new { x.WorkspaceId, x.NextDueAt });
        builder.HasIndex(x => x.SendId);
    }
}
