using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Persistence.Configurations;

internal sealed class NotificationSettingsConfiguration : IEntityTypeConfiguration<NotificationSettingsRow>
{
    public void Configure(EntityTypeBuilder<NotificationSettingsRow> settings)
    {
        settings.ToTable("NotificationSettings");
        settings.HasKey(s => s.Id);
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.SmtpHost).HasMaxLength(255);
        settings.Property(s => s.SmtpSecurity).HasMaxLength(16);
        settings.Property(s => s.SmtpUser).HasMaxLength(256);
        settings.Property(s => s.SmtpPasswordProtected).HasMaxLength(2000);
        settings.Property(s => s.FromAddress).HasMaxLength(320);
        settings.Property(s => s.AdminAddresses).HasMaxLength(NotificationSettingsRow.AddressListMaxLength);
        settings.Property(s => s.HelpdeskAddresses).HasMaxLength(NotificationSettingsRow.AddressListMaxLength);
        settings.Property(s => s.WhomToCall).HasMaxLength(1000);
        settings.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplateRow>
{
    public void Configure(EntityTypeBuilder<NotificationTemplateRow> template)
    {
        template.ToTable("NotificationTemplates");
        template.HasKey(t => t.Kind);
        template.Property(t => t.Kind).HasMaxLength(NotificationTemplateRow.KindMaxLength);
        template.Property(t => t.Subject).HasMaxLength(NotificationTemplateRow.SubjectMaxLength);
        template.Property(t => t.Body).HasMaxLength(NotificationTemplateRow.BodyMaxLength);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("NotificationOutbox");
        message.HasKey(m => m.Id);
        message.Property(m => m.Kind).HasMaxLength(NotificationTemplateRow.KindMaxLength);
        message.Property(m => m.AboutId).HasMaxLength(OutboxMessage.KeyMaxLength);
        message.Property(m => m.EventKey).HasMaxLength(OutboxMessage.KeyMaxLength);
        message.Property(m => m.To).HasMaxLength(NotificationSettingsRow.AddressListMaxLength);
        message.Property(m => m.Cc).HasMaxLength(NotificationSettingsRow.AddressListMaxLength);
        message.Property(m => m.Subject).HasMaxLength(NotificationTemplateRow.SubjectMaxLength);
        message.Property(m => m.Body).HasMaxLength(NotificationTemplateRow.BodyMaxLength * 2);
        message.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        // Exactly once: every node may notice the same event; the second to record it is refused here.
        message.HasIndex(m => new { m.Kind, m.AboutId, m.EventKey }).IsUnique();
        message.HasIndex(m => new { m.State, m.NextAttemptAt });
        message.HasIndex(m => m.MoveEventId);
    }
}
