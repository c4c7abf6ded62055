using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LoopDrive.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LoopDriveDbContext>
{
    public LoopDriveDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LoopDriveDbContext>()
            .UseNpgsql("Host=localhost;Database=loopdrive_design")
            .Options);
}
