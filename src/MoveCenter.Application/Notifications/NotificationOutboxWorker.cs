using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// On every worker node: records the notifications that new events call for, then sends what is due. It runs beside the
/// engine and only reads what the moves wrote, so a slow or absent SMTP server never holds up a move.
/// </summary>
public sealed class NotificationOutboxWorker(
    NotificationSettingsStore store,
    MoveEventNotices moveEvents,
    BatchFinishedNotices batches,
    DailySummaryNotice daily,
    OutboxSender sender,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Recording or sending notifications failed; trying again");
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = await store.SettingsAsync(cancellationToken);
        if (!settings.Enabled) return;
        var templates = await store.TemplatesAsync(cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime - options.Value.CatchUp;
        if (settings.EnabledSince > since) since = settings.EnabledSince.Value;
        await moveEvents.RecordAsync(settings, templates, since, cancellationToken);
        await batches.RecordAsync(settings, templates, since, cancellationToken);
        await daily.RecordAsync(settings, templates, since, cancellationToken);
        await sender.SendDueAsync(settings, cancellationToken);
    }
}
