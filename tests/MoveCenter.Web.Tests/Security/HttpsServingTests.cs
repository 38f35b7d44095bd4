using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>MoveCenter on Kestrel serving HTTPS with a certificate file named in configuration, as the README says.</summary>
public sealed class HttpsServingTests(HttpsServingTests.HttpsHost host) : IClassFixture<HttpsServingTests.HttpsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_over_https_gets_hsts_and_secure_cookies()
    {
        using var browser = host.CreateHttpsClient();

        using var loginPage = await browser.GetAsync("/account/login", Ct);
        using var signedIn = await SignInForm.SignInAsync(browser, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.True(SignInAnswers.AntiforgeryCookieIsSecure(loginPage));
        SignInAnswers.AssertSignedInOverHttps(signedIn);
        using var page = await browser.GetAsync("/moves", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Plain_http_to_a_node_that_serves_https_is_redirected_there()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(host.Address(Uri.UriSchemeHttp), "/account/login"), Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri(host.Address(Uri.UriSchemeHttps), "/account/login"), response.Headers.Location);
    }

    [Theory]
    [InlineData("missing.pfx", HttpsHost.CertificatePassword)]
    [InlineData(HttpsHost.CertificateFile, "not-the-password")]
    public async Task A_certificate_that_cannot_be_read_stops_the_start_naming_its_setting(string file, string password)
    {
        await using var factory = new MoveCenterWebFactory();
        await using var configured = factory.WithWebHostBuilder(web =>
        {
            web.UseSetting("Kestrel:Certificates:Default:Path", Path.Combine(Path.GetDirectoryName(host.CertificatePath)!, file));
            web.UseSetting("Kestrel:Certificates:Default:Password", password);
        });

        var failure = Assert.ThrowsAny<Exception>(() => configured.Server);

        Assert.Contains("Kestrel:Certificates:Default:Path", failure.Message);
    }

    /// <summary>
    /// Kestrel on free ports for HTTPS and HTTP, with a self-signed certificate for <see cref="HostName"/> from
    /// <c>Kestrel:Certificates:Default</c>. A name rather than 127.0.0.1, because localhost is never sent HSTS.
    /// </summary>
    public sealed class HttpsHost : MoveCenterWebFactory
    {
        public const string HostName = "movecenter.test";
        public const string CertificateFile = "movecenter.pfx";
        public const string CertificatePassword = "test-certificate-password";
        private readonly string _thumbprint;

        public HttpsHost()
        {
            Directory.CreateDirectory(DataDirectory);
            CertificatePath = Path.Combine(DataDirectory, CertificateFile);
            _thumbprint = SelfSignedCertificate.WritePkcs12(CertificatePath, CertificatePassword, HostName);
            UseKestrel();
            StartServer();
        }

        public string CertificatePath { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Urls", "https://127.0.0.1:0;http://127.0.0.1:0");
            builder.UseSetting("Kestrel:Certificates:Default:Path", CertificatePath);
            builder.UseSetting("Kestrel:Certificates:Default:Password", CertificatePassword);
        }

        public Uri Address(string scheme) => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single(address => address.StartsWith(scheme + "://", StringComparison.Ordinal)));

        /// <summary>A client that reaches the HTTPS port by the certificate's name and trusts that one certificate.</summary>
        public HttpClient CreateHttpsClient()
        {
            var port = Address(Uri.UriSchemeHttps).Port;
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(IPAddress.Loopback, port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate?.GetCertHashString() == _thumbprint),
                },
            };
            return new HttpClient(handler) { BaseAddress = new Uri($"https://{HostName}:{port}") };
        }
    }
}
