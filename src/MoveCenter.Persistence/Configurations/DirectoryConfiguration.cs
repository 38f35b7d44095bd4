using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Persistence.Configurations;

internal sealed class PostOfficeConfiguration : IEntityTypeConfiguration<PostOffice>
{
    public void Configure(EntityTypeBuilder<PostOffice> postOffice)
    {
        postOffice.Property(p => p.Name).HasMaxLength(PostOffice.NameMaxLength).IsRequired();
        postOffice.Property(p => p.Domain).HasMaxLength(PostOffice.DomainMaxLength).IsRequired();
        postOffice.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        postOffice.Property(p => p.Security).HasConversion<string>().HasMaxLength(16);
        postOffice.Property(p => p.RootPath).HasMaxLength(PostOffice.RootPathMaxLength);
        postOffice.Property(p => p.Host).HasMaxLength(PostOffice.HostMaxLength);
        postOffice.Property(p => p.AdminUser).HasMaxLength(PostOffice.AdminUserMaxLength);
        postOffice.Property(p => p.Site).HasMaxLength(PostOffice.SiteMaxLength);
        postOffice.Property(p => p.ProtectedAdminPassword).HasMaxLength(PostOffice.ProtectedAdminPasswordMaxLength);
        postOffice.Property(p => p.TimeZone).HasMaxLength(PostOffice.TimeZoneMaxLength).HasDefaultValue(MoveSchedule.DefaultTimeZone).IsRequired();
        postOffice.Property(p => p.Windows).HasMaxLength(PostOffice.WindowsMaxLength);
        postOffice.Ignore(p => p.Schedule);
        postOffice.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class DirectoryUserConfiguration : IEntityTypeConfiguration<DirectoryUser>
{
    public void Configure(EntityTypeBuilder<DirectoryUser> user)
    {
        user.Property(u => u.UserId).HasMaxLength(DirectoryUser.UserIdMaxLength).IsRequired();
        user.Property(u => u.DisplayName).HasMaxLength(DirectoryUser.DisplayNameMaxLength);
        user.Property(u => u.Email).HasMaxLength(DirectoryUser.EmailMaxLength);
        user.HasIndex(u => u.UserId).IsUnique();
        user.HasIndex(u => u.PostOfficeId);
        user.HasOne<PostOffice>().WithMany().HasForeignKey(u => u.PostOfficeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NicknameConfiguration : IEntityTypeConfiguration<Nickname>
{
    public void Configure(EntityTypeBuilder<Nickname> nickname)
    {
        nickname.Property(n => n.UserId).HasMaxLength(DirectoryUser.UserIdMaxLength).IsRequired();
        nickname.HasIndex(n => new { n.UserId, n.PostOfficeId }).IsUnique();
    }
}
