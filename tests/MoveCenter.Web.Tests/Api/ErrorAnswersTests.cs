using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using MoveCenter.Application.Moves;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>What a person and a script get when something goes wrong, in the Production environment the README runs in.</summary>
public sealed class ErrorAnswersTests(ErrorAnswersTests.ProductionHost factory) : IClassFixture<ErrorAnswersTests.ProductionHost>
{
    /// <summary>
    /// The move list's database access can be made to fail, for the list alone: breaking the database itself would
    /// also stop the engine's background services, and with them the host, at a moment nobody controls.
    /// </summary>
    public sealed class ProductionHost : MoveCenterWebFactory
    {
        public override string Environment => "Production";

        public bool MoveListDatabaseFails { get; set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(provider => new ListMovesHandler(
                new FailingWhenAsked(provider.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>(), () => MoveListDatabaseFails))));
        }

        private sealed class FailingWhenAsked(IDbContextFactory<MoveCenterDbContext> inner, Func<bool> fails) : IDbContextFactory<MoveCenterDbContext>
        {
            public MoveCenterDbContext CreateDbContext() =>
                fails() ? throw new InvalidOperationException("SQLite Error 14: unable to open database file") : inner.CreateDbContext();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unexpected_api_error_answers_500_problem_details_with_the_correlation_id_its_log_line_carries()
    {
        LoseTheMoveListsDatabase();
        try
        {
            using var client = factory.CreateApiClient();

            using var response = await client.GetAsync("/api/moves", Ct);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var correlationId = problem.GetProperty("correlationId").GetString();
            Assert.False(string.IsNullOrEmpty(correlationId));
            Assert.Contains(correlationId, problem.GetProperty("detail").GetString());
            Assert.DoesNotContain("SQLite", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(LogLines(), line => line.Contains(correlationId!, StringComparison.Ordinal)
                && line.Contains("Unexpected error answering", StringComparison.Ordinal) && line.Contains("/api/moves", StringComparison.Ordinal));
        }
        finally
        {
            RestoreTheMoveListsDatabase();
        }
    }

    [Fact]
    public async Task A_page_that_fails_shows_the_error_page_with_a_correlation_id()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);
        LoseTheMoveListsDatabase();
        try
        {
            using var response = await client.GetAsync("/moves", Ct);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("data-notice=\"error\"", html);
            Assert.Matches("class=\"correlation-id\">[0-9a-f]{32}<", html);
            Assert.DoesNotContain("SQLite", html, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            RestoreTheMoveListsDatabase();
        }
    }

    [Fact]
    public async Task A_signed_in_person_at_an_address_with_no_page_gets_a_not_found_page()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        using var response = await client.GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_helpdesk_member_who_opens_the_admins_job_engine_sees_the_access_denied_page()
    {
        const string password = "Helpdesk-Passw0rd-1";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var member = new AppUser { UserName = "helpdesk-denied", DisplayName = "Helpdesk" };
            Assert.True((await users.CreateAsync(member, password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(member, Roles.Helpdesk)).Succeeded);
        }
        using var client = factory.CreateClient(new() { AllowAutoRedirect = true });
        await SignInForm.SignInAsync(client, "helpdesk-denied", password, Ct);

        using var response = await client.GetAsync("/hangfire", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/account/denied", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-notice=\"denied\"", html);
        Assert.Contains("role does not allow this page", html);
    }

    private IEnumerable<string> LogLines()
    {
        var logs = Path.Combine(factory.DataDirectory, "logs");
        foreach (var file in Directory.EnumerateFiles(logs, "movecenter-*.json"))
        {
            // The host keeps the file open for writing.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line) yield return line;
        }
    }

    /// <summary>The database the move list reads, gone: an error nothing in the code expects.</summary>
    private void LoseTheMoveListsDatabase() => factory.MoveListDatabaseFails = true;

    private void RestoreTheMoveListsDatabase() => factory.MoveListDatabaseFails = false;
}
