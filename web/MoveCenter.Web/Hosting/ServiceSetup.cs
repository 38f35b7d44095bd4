using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MoveCenter.Application;
using MoveCenter.Application.Notifications;
using MoveCenter.Persistence;
using MoveCenter.Web.Api;
using MoveCenter.Web.Components.Moves;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;
using MudBlazor.Services;

namespace MoveCenter.Web.Hosting;

public static class ServiceSetup
{
    public static void AddMoveCenter(this WebApplicationBuilder builder)
    {
        // ASP.NET Core serves the files of referenced packages (MudBlazor's CSS and JS, blazor.web.js) from a build's
        // output only in Development; `dotnet run` in Production needs them too. A published app has them in wwwroot,
        // and there this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.AddMoveCenterHttps();
        var services = builder.Services;
        var database = DatabaseConfiguration.Read(builder.Configuration);
        services.AddMoveCenterApplication(builder.Configuration, database);

        services.AddMoveCenterSecurity(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<MoveUpdates>();
        services.AddSingleton<MoveActionCommands>();
        services.AddSingleton<IMoveChangeListener>(sp => sp.GetRequiredService<MoveUpdates>());
        services.AddSingleton<IMoveChangeListener, MovesHubBroadcaster>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["correlationId"] = ApiProblems.CorrelationId(context.HttpContext));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<EngineHealthCheck>("database-and-engine");
    }

    private static void AddMoveCenterSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .Validate(security => security.FailedSignInsPerAccountAndAddress >= 1 && security.FailedSignInsRefusal > TimeSpan.Zero
                && security.FailedSignInsPerAccountAndAddress < security.FailedSignInsPerAccount,
                "MoveCenter:Security:FailedSignInsPerAccountAndAddress must be at least 1 and less than FailedSignInsPerAccount "
                + "(else one address could lock an account for everyone), and FailedSignInsRefusal positive.")
            .ValidateOnStart();
        services.AddScoped<BootstrapAccounts>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null)
            .AddSignedInOrApiKey();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.Cookie.Name = "MoveCenter.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
        });
        services.AddSignInUsers().AddSignInManager();
        // Every request with the cookie checks the user's security stamp, so signing out, a new role or a new password
        // ends old sessions at once. The price is a few small queries per request, fine for a handful of admins.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        services.AddSignInThrottle();
        services.AddSingleton<FailedSignIns>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ReadMoves, policy => policy.RequireRole(Roles.Admin, Roles.Helpdesk));
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
    }

    /// <summary>The people who sign in, with their roles and password rules, kept in the MoveCenter database.</summary>
    public static IdentityBuilder AddSignInUsers(this IServiceCollection services)
    {
        services.AddSingleton<SignInAccounts>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
            identity.Lockout.MaxFailedAccessAttempts = security.Value.FailedSignInsPerAccount);
        return services.AddIdentityCore<AppUser>(identity =>
            {
                identity.Password.RequiredLength = 12;
                identity.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MoveCenterDbContext>()
            .AddDefaultTokenProviders();
    }
}
