using LoopDrive.Core.People;
using Microsoft.EntityFrameworkCore;

namespace LoopDrive.Core.Data;

public sealed partial class LoopDriveDbContext
{
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Identity> Identities => Set<Identity>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<Topic> Topics => Set<Topic>();
    public DbSet<Objective> Objectives => Set<Objective>();
    public DbSet<MemEmbedding> MemEmbeddings => Set<MemEmbedding>();
    public DbSet<ConsentChange> ConsentChanges => Set<ConsentChange>();
    public DbSet<PersonMerge> PersonMerges => Set<PersonMerge>();
}
