using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Directory;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>'_' and '%' in a search are the characters a person typed, not LIKE wildcards, on the embedded SQLite database too.</summary>
public sealed class SearchTests : IAsyncLifetime
{
    private readonly TestDataFolder _data = new();
    private MoveCenterHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var source = await _host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        await using var db = await _host.DbAsync();
        db.DirectoryUsers.AddRange(
            new DirectoryUser("john_doe", source.Id, "John Doe", null),
            new DirectoryUser("johnXdoe", source.Id, "John X", null),
            new DirectoryUser("rate100%", source.Id, "Rate", null));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("john_doe", "john_doe")]
    [InlineData("100%", "rate100%")]
    public async Task A_user_search_matches_underscore_and_percent_literally(string search, string expected)
    {
        var found = await _host.Services.GetRequiredService<DirectoryQueries>().SearchUsersAsync(search, 50, TestContext.Current.CancellationToken);

        Assert.Equal([expected], found.Select(u => u.UserId));
    }

    [Fact]
    public async Task The_move_list_filter_matches_underscore_literally_and_keeps_its_wildcards()
    {
        var ct = TestContext.Current.CancellationToken;
        await _host.QueueAsync("john_doe");
        await _host.QueueAsync("johnXdoe");
        var list = _host.Services.GetRequiredService<ListMovesHandler>();

        var literal = await list.HandleAsync(new ListMovesQuery(User: "john_doe"), ct);
        var wildcard = await list.HandleAsync(new ListMovesQuery(User: "john?doe"), ct);

        Assert.Equal(["john_doe"], literal.Items.Select(m => m.UserId));
        Assert.Equal(["johnXdoe", "john_doe"], wildcard.Items.Select(m => m.UserId).Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
