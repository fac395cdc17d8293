using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cdr.Orleans.Tests.Cluster;

/// <summary>A redis-server that asks for a password (<c>requirepass</c>) and also has an ACL user "engine".</summary>
public sealed class PasswordRedisServer : RedisServer
{
    public const string Password = "default-s3cret";
    public const string User = "engine";
    public const string UserPassword = "engine-s3cret";

    public override string Configuration => $"127.0.0.1:{Port},password={Password}";

    /// <summary>The same server as the ACL user, which may use every key and command.</summary>
    public string UserConfiguration => $"127.0.0.1:{Port},user={User},password={UserPassword}";

    protected override IEnumerable<string> Arguments =>
        [.. base.Arguments, "--requirepass", Password, "--user", User, "on", $">{UserPassword}", "~*", "&*", "+@all"];
}

/// <summary>A redis-server that speaks TLS only, on a certificate signed by a certificate authority the test makes.</summary>
public sealed class TlsRedisServer : RedisServer
{
    public string CaFile => Path.Combine(directory.FullName, "ca.crt");

    public override string Configuration => $"127.0.0.1:{Port},ssl=true,sslHost=localhost";

    protected override IEnumerable<string> Arguments =>
    [
        "--port", "0", "--tls-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tls-cert-file", Path.Combine(directory.FullName, "redis.crt"), "--tls-key-file", Path.Combine(directory.FullName, "redis.key"),
        "--tls-ca-cert-file", CaFile, "--tls-auth-clients", "no",
    ];

    protected override void Prepare()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Cdr.Orleans test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory.FullName, "redis.crt"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory.FullName, "redis.key"), serverKey.ExportPkcs8PrivateKeyPem());
    }
}
