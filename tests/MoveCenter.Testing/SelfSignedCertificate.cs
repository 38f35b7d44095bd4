using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MoveCenter.Testing;

/// <summary>A throw-away server certificate that no client trusts, to test TLS set-up and certificate checks.</summary>
public static class SelfSignedCertificate
{
    /// <summary>A certificate for 127.0.0.1 as PEM files, the way Dovecot reads them.</summary>
    public static void Write(string certificatePath, string keyPath)
    {
        using var certificate = Create("127.0.0.1");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>A certificate for <paramref name="hostName"/> as a PKCS#12 file; returns its thumbprint, for a client to trust.</summary>
    public static string WritePkcs12(string path, string password, string hostName)
    {
        using var certificate = Create(hostName);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return certificate.GetCertHashString();
    }

    private static X509Certificate2 Create(string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostName, out var address)) names.AddIpAddress(address);
        else names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
    }
}
