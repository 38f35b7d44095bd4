using System.Security.Cryptography;
using System.Text;

namespace MoveCenter.Application.ApiKeys;

public static class ApiKeySecrets
{
    /// <summary>A new key: 192 random bits, with a prefix that makes a leaked key easy to recognise in a scan.</summary>
    public static string Generate() => $"mc_{Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()}";

    /// <summary>Keys are stored only as this hash, so a copy of the database does not give away a key.</summary>
    public static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));
}
