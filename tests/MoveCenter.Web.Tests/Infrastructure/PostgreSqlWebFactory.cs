using Microsoft.AspNetCore.Hosting;
using MoveCenter.Testing;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>The whole host of <see cref="MoveCenterWebFactory"/> on a real PostgreSQL server of its own, started for the test class.</summary>
public sealed class PostgreSqlWebFactory : MoveCenterWebFactory, IAsyncLifetime
{
    private PostgresServer? _server;
    private string? _connectionString;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        _connectionString = await _server.CreateDatabaseAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Read by Program while it builds, like the data folder.
        builder.UseSetting("MoveCenter:Database:Provider", "PostgreSql");
        builder.UseSetting("ConnectionStrings:MoveCenter", _connectionString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
