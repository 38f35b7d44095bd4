using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MoveCenter.Web.Hosting;

/// <summary>
/// Reads the certificate files Kestrel is configured with before anything starts, so that a missing or unreadable one
/// stops MoveCenter with the name of the setting to fix; Kestrel itself names only the file, once the database is migrated.
/// </summary>
internal static class ServerCertificates
{
    public static void Check(IConfiguration configuration, string contentRoot)
    {
        var settings = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint.GetSection("Certificate"))
            .Prepend(configuration.GetSection("Kestrel:Certificates:Default"))
            .Where(certificate => !string.IsNullOrEmpty(certificate["Path"]));
        foreach (var certificate in settings)
        {
            try
            {
                Load(certificate, contentRoot).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new InvalidOperationException(
                    $"The HTTPS certificate set in {certificate.Path}:Path ('{certificate["Path"]}') cannot be used: {e.Message}", e);
            }
        }
    }

    // The same reading as Kestrel's: relative paths from the content root, PEM when a key file is named, else PKCS#12.
    private static X509Certificate2 Load(IConfigurationSection certificate, string contentRoot)
    {
        var path = Path.Combine(contentRoot, certificate["Path"]!);
        var password = certificate["Password"];
        if (certificate["KeyPath"] is not { Length: > 0 } keyPath) return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        keyPath = Path.Combine(contentRoot, keyPath);
        return password is null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
    }
}
