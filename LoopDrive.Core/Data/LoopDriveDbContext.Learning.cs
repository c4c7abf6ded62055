using LoopDrive.Core.Learning;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<LearningSendState> LearningSendStates => Set<LearningSendState>();
    public DbSet<LearningArm> LearningArms => Set<LearningArm>();
    public DbSet<LearningArmDay> LearningArmDays => Set<LearningArmDay>();
    public DbSet<SendTimeCell> SendTimeCells => Set<SendTimeCell>();
    public DbSet<CadenceProfile> CadenceProfiles => Set<CadenceProfile>();
    public DbSet<TopicWeightDay> TopicWeightDays => Set<TopicWeightDay>();
    public DbSet<LearnedChannelDay> LearnedChannelDays => Set<LearnedChannelDay>();
    public DbSet<LoopHealthMinute> LoopHealth => Set<LoopHealthMinute>();
    public DbSet<ObjectiveTouch> ObjectiveTouches => Set<ObjectiveTouch>();
}
