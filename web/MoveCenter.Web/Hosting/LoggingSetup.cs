using MoveCenter.Application;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace MoveCenter.Web.Hosting;

public static class LoggingSetup
{
    private const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog to the console and to a rolling file of JSON events in the data folder. Scopes become properties, so
    /// every line written while working on a move carries its MoveId and UserId.
    /// </summary>
    public static void AddMoveCenterLogging(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration.GetSection(MoveCenterOptions.Section).Get<MoveCenterOptions>()?.FullDataDirectory
            ?? new MoveCenterOptions().FullDataDirectory;
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: ConsoleTemplate)
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(dataDirectory, "logs", "movecenter-.json"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31, shared: true)
            .WriteTo.Sink(new MoveLogSink(services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>()),
                new BatchingOptions { BatchSizeLimit = 500, BufferingTimeLimit = TimeSpan.FromSeconds(1) },
                LogEventLevel.Information),
            // Each host keeps its own logger: through the static Log.Logger, a second host in the process (as in the
            // web tests) would take every host's move log lines into its own database, and its disposal silence the rest.
            preserveStaticLogger: true);
    }
}
