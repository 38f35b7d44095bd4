using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Testcontainers.MsSql;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>A database server shared by one test class; each test gets an empty database of its own on it.</summary>
public interface IServerDatabase : IAsyncLifetime
{
    /// <summary>An empty database; skips the test, saying why, where the server cannot run here.</summary>
    Task<DatabaseSettings> CreateDatabaseAsync();
}

/// <summary>A real PostgreSQL 15 from Debian's package, started as a plain process for the test class.</summary>
public sealed class PostgreSqlDatabase : IServerDatabase
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task<DatabaseSettings> CreateDatabaseAsync() =>
        new(DatabaseProvider.PostgreSql, await Server.CreateDatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>SQL Server 2022 in a container through Testcontainers, wherever a Docker engine answers.</summary>
public sealed class SqlServerDatabase : IServerDatabase
{
    private MsSqlContainer? _container;
    private string? _unavailable;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
        }
        catch (DockerUnavailableException e)
        {
            _unavailable = $"SQL Server test skipped: no Docker engine answers here ({e.Message})";
            return;
        }
        await _container.StartAsync();
    }

    public Task<DatabaseSettings> CreateDatabaseAsync()
    {
        if (_container is null) Assert.Skip(_unavailable ?? "SQL Server did not start");
        // Migrating creates the database.
        var connection = new SqlConnectionStringBuilder(_container.GetConnectionString()) { InitialCatalog = $"MoveCenter_{Guid.NewGuid():N}" };
        return Task.FromResult(new DatabaseSettings(DatabaseProvider.SqlServer, connection.ConnectionString));
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }
}
