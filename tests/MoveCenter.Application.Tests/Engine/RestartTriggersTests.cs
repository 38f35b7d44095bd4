using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

public sealed class RestartTriggersTests
{
    [Fact]
    public void A_socket_error_anywhere_in_the_chain_of_causes_matches_its_entry()
    {
        var triggers = new RestartTriggers(["Socket:ConnectionReset"]);
        var failure = new PostOfficeUnavailableException("the connection to imap.example:143 was lost",
            new IOException("Unable to read data", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal("Socket:ConnectionReset", triggers.Match(failure));
        Assert.Null(triggers.Match(new PostOfficeUnavailableException("cannot connect", new SocketException((int)SocketError.ConnectionRefused))));
    }

    [Fact]
    public void An_imap_response_code_matches_in_an_exception_and_in_a_servers_refusal_of_one_item()
    {
        var triggers = new RestartTriggers(["Imap:UNAVAILABLE"]);

        Assert.Equal("Imap:UNAVAILABLE", triggers.Match(new MailboxAccessException("the server refused a command for UserA: [UNAVAILABLE] Temporary failure")));
        Assert.Equal("Imap:UNAVAILABLE", triggers.Match("the server refused the message: No [unavailable] Temporary failure"));
        Assert.Null(triggers.Match("the server refused the message: No [OVERQUOTA] Quota exceeded"));
        Assert.Null(triggers.Match("the server refused the message: No [UNAVAILABLEX] made up"));
        Assert.Null(triggers.Match("the service is unavailable"));
    }

    [Fact]
    public void An_exception_type_name_matches_any_exception_in_the_chain()
    {
        var triggers = new RestartTriggers(["Exception:TimeoutException"]);

        Assert.Equal("Exception:TimeoutException",
            triggers.Match(new AggregateException(new MoveStallException("stalled"), new TimeoutException("no answer within 2 minutes"))));
        Assert.Null(triggers.Match(new MoveStallException("Item 3 could not be moved")));
    }

    [Theory]
    [InlineData("ConnectionReset")]
    [InlineData("Socket:")]
    [InlineData("Socket:NoSuchError")]
    [InlineData("Socket:10054")]
    [InlineData("Imap:[UNAVAILABLE]")]
    [InlineData("Http:503")]
    public void An_entry_that_names_no_error_is_refused_saying_how_to_write_one(string entry)
    {
        var problem = RestartTriggers.Problem(entry);

        Assert.NotNull(problem);
        Assert.Contains("Socket:", problem);
        Assert.Contains("Imap:", problem);
        Assert.Contains("Exception:", problem);
        Assert.Throws<ArgumentException>(() => new RestartTriggers([entry]));
    }

    [Fact]
    public void Configured_errors_replace_the_defaults_rather_than_adding_to_them()
    {
        Assert.Equal(RetryPolicy.DefaultRestartOnErrors, Bind(new Dictionary<string, string?>()).Retry.EffectiveRestartOnErrors);

        var configured = Bind(new Dictionary<string, string?>
        {
            ["MoveCenter:Engine:Retry:RestartOnErrors:0"] = "Socket:TimedOut",
            ["MoveCenter:Engine:Retry:RestartOnErrors:1"] = "Imap:SERVERBUG",
        });

        Assert.Equal(["Socket:TimedOut", "Imap:SERVERBUG"], configured.Retry.EffectiveRestartOnErrors);
    }

    [Fact]
    public void Settings_with_an_unknown_error_are_refused_naming_the_key_to_correct()
    {
        var services = new ServiceCollection();
        services.Configure<EngineOptions>(Configuration(new Dictionary<string, string?> { ["MoveCenter:Engine:Retry:RestartOnErrors:0"] = "Socket:Sometimes" })
            .GetSection(EngineOptions.Section));
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();

        var refused = Assert.Throws<OptionsValidationException>(() => services.BuildServiceProvider().GetRequiredService<IOptions<EngineOptions>>().Value);

        Assert.Contains("MoveCenter:Engine:Retry:RestartOnErrors", refused.Message);
        Assert.Contains("\"Socket:Sometimes\"", refused.Message);
    }

    private static EngineOptions Bind(IReadOnlyDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.Configure<EngineOptions>(Configuration(settings).GetSection(EngineOptions.Section));
        return services.BuildServiceProvider().GetRequiredService<IOptions<EngineOptions>>().Value;
    }

    private static IConfiguration Configuration(IReadOnlyDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
