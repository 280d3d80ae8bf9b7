using System.Net;
using System.Text;
using DgBot.Web.Tests.Teams;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DgBot.Web.Tests.Security;

/// <summary>
/// /api/messages while the Bot Framework's OpenID metadata is down (a fake that answers only 503 and counts requests). A 503
/// asks the channel to retry; it must mean "this token could be valid and we cannot check it now", never "we did not look":
/// a token no signing key could make valid is refused at once, without asking the metadata service.
/// </summary>
[Collection("teams")]
public sealed class TeamsMetadataDownTests(TeamsWorld world)
{
    private FakeBotFramework Fake => world.Fake;

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private Task<HttpResponseMessage> Post(string authorization)
    {
        var client = world.MetadataDownClient;
        var activity = TeamsWorld.Message("down-" + Guid.NewGuid().ToString("N"), "d1", "กรมที่ดินอยู่ระดับไหน", Fake.ServiceUrl).ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return client.SendAsync(request);
    }

    /// <summary>A token with every claim a real one has, signed as asked.</summary>
    private static string Signed(SigningCredentials credentials, string issuer = FakeBotFramework.Issuer, string audience = TeamsWorld.AppId,
        DateTime? expires = null, bool withExpiry = true)
    {
        var exp = expires ?? DateTime.UtcNow.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = withExpiry ? exp.AddHours(-2) : null,
            NotBefore = withExpiry ? exp.AddHours(-2) : null,
            Expires = withExpiry ? exp : null,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["serviceurl"] = "https://smba.trafficmanager.net/amer/" },
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = withExpiry }.CreateToken(descriptor);
    }

    public static TheoryData<string> Impossible => new()
    {
        "not a JWT", "five parts, as an encrypted token", "no key id", "HS256 under a Bot Framework key id", "alg none under a key id",
        "RS512 under a key id", "signature stripped", "an issuer that is not accepted", "the Emulator's issuer outside Development",
        "another bot's audience", "expired an hour ago", "not valid before tomorrow", "no expiry", "exp written as text",
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public async Task A_token_that_cannot_be_valid_is_a_401_at_once_while_the_metadata_is_down_and_the_metadata_is_not_asked(string flaw)
    {
        // An attacker's own RSA key under the name of the channel's real one: right kid, wrong key.
        var forged = new SigningCredentials(FakeBotFramework.NewKey(Fake.TeamsKey.KeyId), SecurityAlgorithms.RsaSha256);
        var plausible = Signed(forged).Split('.');
        var token = flaw switch
        {
            "not a JWT" => "this-is-not-a-jwt",
            "five parts, as an encrypted token" =>
                B64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\"teams-key\",\"typ\":\"JWT\"}") + ".AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA",
            "no key id" => Signed(new SigningCredentials(new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)), SecurityAlgorithms.RsaSha256)),
            "HS256 under a Bot Framework key id" =>
                Signed(new SigningCredentials(new SymmetricSecurityKey(new byte[32]) { KeyId = Fake.TeamsKey.KeyId }, SecurityAlgorithms.HmacSha256)),
            "alg none under a key id" => B64("{\"alg\":\"none\",\"kid\":\"teams-key\",\"typ\":\"JWT\"}") + "." + plausible[1] + ".",
            "RS512 under a key id" => Signed(new SigningCredentials(FakeBotFramework.NewKey(Fake.TeamsKey.KeyId), SecurityAlgorithms.RsaSha512)),
            "signature stripped" => plausible[0] + "." + plausible[1] + ".",
            "an issuer that is not accepted" => Signed(forged, issuer: "https://attacker.example"),
            "the Emulator's issuer outside Development" => Signed(forged, issuer: FakeBotFramework.EmulatorIssuer),
            "another bot's audience" => Signed(forged, audience: "00000000-0000-0000-0000-000000000002"),
            "expired an hour ago" => Signed(forged, expires: DateTime.UtcNow.AddHours(-1)),
            "not valid before tomorrow" => Signed(forged, expires: DateTime.UtcNow.AddDays(1).AddHours(2)),
            "no expiry" => Signed(forged, withExpiry: false),
            "exp written as text" => plausible[0] + "." + B64(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(plausible[1]))
                .Replace("\"exp\":", "\"exp\":\"soon\",\"was\":", StringComparison.Ordinal)) + "." + plausible[2],
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };
        var asked = Fake.DownHits(TeamsWorld.MetadataDown);

        var response = await Post("Bearer " + token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{flaw}: {(int)response.StatusCode}");
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(asked, Fake.DownHits(TeamsWorld.MetadataDown));
    }

    [Fact]
    public async Task A_plausible_token_that_cannot_be_checked_while_the_metadata_is_down_is_a_503_so_the_channel_retries()
    {
        var asked = Fake.DownHits(TeamsWorld.MetadataDown);

        var genuine = await Post("Bearer " + Fake.Token());
        var forgedUnderTheRightName = await Post("Bearer " + Signed(new SigningCredentials(FakeBotFramework.NewKey(Fake.TeamsKey.KeyId), SecurityAlgorithms.RsaSha256)));

        // Without the keys a forged signature cannot be told from a genuine one: both must wait for the metadata.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, forgedUnderTheRightName.StatusCode);
        Assert.True(Fake.DownHits(TeamsWorld.MetadataDown) > asked, "the metadata was never asked for");
    }
}
