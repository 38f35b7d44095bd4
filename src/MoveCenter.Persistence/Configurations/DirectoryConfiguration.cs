using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Persistence.Configurations;

internal sealed class PostOfficeConfiguration : IEntityTypeConfiguration<PostOffice>
{
    public void Configure(EntityTypeBuilder<PostOffice> postOffice)
    {
        postOffice.Property(p => p.Name).HasMaxLength(128).IsRequired();
        postOffice.Property(p => p.Domain).HasMaxLength(128).IsRequired();
        postOffice.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        postOffice.Property(p => p.Security).HasConversion<string>().HasMaxLength(16);
        postOffice.Property(p => p.RootPath).HasMaxLength(1024);
        postOffice.Property(p => p.Host).HasMaxLength(255);
        postOffice.Property(p => p.AdminUser).HasMaxLength(256);
        postOffice.Property(p => p.ProtectedAdminPassword).HasMaxLength(4000);
        postOffice.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class DirectoryUserConfiguration : IEntityTypeConfiguration<DirectoryUser>
{
    public void Configure(EntityTypeBuilder<DirectoryUser> user)
    {
        user.Property(u => u.UserId).HasMaxLength(256).IsRequired();
        user.Property(u => u.DisplayName).HasMaxLength(256);
        user.Property(u => u.Email).HasMaxLength(320);
        user.HasIndex(u => u.UserId).IsUnique();
        user.HasIndex(u => u.PostOfficeId);
        user.HasOne<PostOffice>().WithMany().HasForeignKey(u => u.PostOfficeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NicknameConfiguration : IEntityTypeConfiguration<Nickname>
{
    public void Configure(EntityTypeBuilder<Nickname> nickname)
    {
        nickname.Property(n => n.UserId).HasMaxLength(256).IsRequired();
        nickname.HasIndex(n => new { n.UserId, n.PostOfficeId }).IsUnique();
    }
}
