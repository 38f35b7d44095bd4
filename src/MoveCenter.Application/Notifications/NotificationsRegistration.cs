using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;

namespace MoveCenter.Application.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The settings page's use cases on every node; the outbox worker on the nodes that run jobs.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, EngineRole role)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddOptions<NotificationOptions>().ValidateOnStart();
        services.AddSingleton<NotificationSecrets>();
        services.AddSingleton<NotificationSettingsStore>();
        services.AddSingleton<SaveNotificationSettingsHandler>();
        services.AddSingleton<OutboxProblemsHandler>();
        services.AddSingleton<ResendNotificationHandler>();
        services.AddSingleton<MoveEventNotices>();
        services.AddSingleton<BatchFinishedNotices>();
        services.AddSingleton<DailySummaryNotice>();
        services.AddSingleton<SmtpMailer>();
        services.AddSingleton<OutboxSender>();
        if (role.RunsJobs()) services.AddHostedService<NotificationOutboxWorker>();
        return services;
    }
}
