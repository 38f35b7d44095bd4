using Microsoft.Extensions.Configuration;
using MoveCenter.Persistence;
using MoveCenter.Web.Hosting;

namespace MoveCenter.Web.Tests.Hosting;

/// <summary>`MoveCenter:Database:Provider` and `ConnectionStrings:MoveCenter` choose the database; a server database needs its connection string.</summary>
public sealed class DatabaseConfigurationTests
{
    private static DatabaseSettings Read(params (string Key, string Value)[] settings) =>
        DatabaseConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Theory]
    [InlineData("PostgreSql", DatabaseProvider.PostgreSql)]
    [InlineData("postgresql", DatabaseProvider.PostgreSql)]
    [InlineData("SqlServer", DatabaseProvider.SqlServer)]
    public void A_server_provider_uses_the_configured_connection_string(string name, DatabaseProvider provider)
    {
        var settings = Read(("MoveCenter:Database:Provider", name), ("ConnectionStrings:MoveCenter", "Host=db;Database=movecenter"));

        Assert.Equal(new DatabaseSettings(provider, "Host=db;Database=movecenter"), settings);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")]
    public void A_server_provider_without_a_connection_string_stops_the_start_naming_the_setting(string name)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read(("MoveCenter:Database:Provider", name)));

        Assert.Contains("ConnectionStrings:MoveCenter", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_stops_the_start_listing_the_three_it_knows()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read(("MoveCenter:Database:Provider", "Oracle")));

        Assert.Contains("Sqlite (the embedded default), SqlServer or PostgreSql", refused.Message, StringComparison.Ordinal);
    }
}
