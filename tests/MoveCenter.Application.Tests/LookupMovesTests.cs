using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>The Lookup page's search over a real SQLite database where many other people's names start like the one searched.</summary>
public sealed class LookupMovesTests : IAsyncLifetime
{
    private const int Others = 50;
    private readonly TestDataFolder _data = new();
    private readonly CommandCounter _commands = new();
    private MoveCenterHost _host = null!;
    private Guid _ownMove;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var source = await _host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        var target = await _host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice);
        await using var db = await _host.DbAsync();
        var start = DateTime.UtcNow.AddHours(-1);
        var own = Move.Queue(Guid.NewGuid(), "UserA", source.Id, target.Id, new MoveOptions(), null, "admin", start);
        _ownMove = own.Id;
        db.Moves.Add(own);
        for (var i = 0; i < Others; i++)
        {
            var userId = $"UserA{i:D2}";
            db.DirectoryUsers.Add(new DirectoryUser(userId, source.Id, $"Other {i}", null));
            db.Moves.Add(Move.Queue(Guid.NewGuid(), userId, source.Id, target.Id, new MoveOptions(), null, "admin", start.AddMinutes(i + 1)));
        }
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task A_person_whose_id_others_start_with_is_found_first_with_their_own_move_however_recent_the_others_are()
    {
        var people = await Handler().HandleAsync("UserA", Ct);

        var first = people[0];
        Assert.Equal("UserA", first.User.UserId);
        Assert.Equal(_ownMove, Assert.Single(first.Moves).Summary.Id);
        Assert.Contains(first.Moves[0].History, e => e.Kind == MoveEventKind.Queued);
        Assert.Equal(LookupMovesHandler.MaxPeople, people.Count);
        Assert.All(people, p => Assert.All(p.Moves, m => Assert.Equal(p.User.UserId, m.Summary.UserId)));
    }

    [Fact]
    public async Task The_search_asks_the_database_the_same_few_times_for_one_person_as_for_ten()
    {
        var handler = Handler();

        _commands.Count = 0;
        Assert.Single(await handler.HandleAsync("UserB", Ct));
        var forOne = _commands.Count;
        _commands.Count = 0;
        Assert.Equal(LookupMovesHandler.MaxPeople, (await handler.HandleAsync("UserA", Ct)).Count);
        var forTen = _commands.Count;

        Assert.Equal(3, forOne);
        Assert.Equal(forOne, forTen);
    }

    private LookupMovesHandler Handler()
    {
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>(_host.Services.GetRequiredService<DbContextOptions<MoveCenterDbContext>>())
            .AddInterceptors(_commands).Options;
        return new LookupMovesHandler(new CountedFactory(options));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private sealed class CountedFactory(DbContextOptions<MoveCenterDbContext> options) : IDbContextFactory<MoveCenterDbContext>
    {
        public MoveCenterDbContext CreateDbContext() => new(options);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
