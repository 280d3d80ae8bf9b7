using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DgBot.Core.Access;
using DgBot.Core.Storage;
using DgBot.Web.Tests.Model;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DgBot.Web.Tests.Access;

/// <summary>
/// One demo database and one host in Access:Mode=Roster for every access test, with a web login per role in the roster.
/// The host's kernel carries an <see cref="InvocationRecorder"/> after the access filter, so a test can tell that a refused
/// function never ran.
/// </summary>
public sealed class AccessWorld : IDisposable
{
    public const string Name = "access";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string Password = "รหัสผ่าน-ทดสอบ-1";
    /// <summary>The dcio's own unit (กรมที่ดิน) and another department (กรมโยธาธิการและผังเมือง).</summary>
    public const string OwnUnit = "D116", OtherUnit = "D118";
    public static readonly string[] RoleNames = ["anonymous", Roles.Dcio, Roles.Analyst, Roles.Executive, Roles.Admin];

    private readonly Lazy<ModelFactory> _host;

    public AccessWorld()
    {
        _host = new(() =>
        {
            var factory = new ModelFactory(Db, Settings(), Recorder);
            _ = factory.Server; // start now: the roster below lives in the state database the host creates beside the survey one
            foreach (var role in Roles.All)
                Roster.Upsert(RosterChannels.Web, "web-" + role, role, role == Roles.Dcio ? OwnUnit : null, password: Password);
            return factory;
        });
    }

    public DemoDatabase Db { get; } = new();
    public InvocationRecorder Recorder { get; } = new();
    public ModelFactory Host => _host.Value;
    public Roster Roster => new(new StateStore(StateStore.DefaultPathFor(Db.Path)), TimeProvider.System);

    public static Dictionary<string, string?> Settings(string? modelEndpoint = null)
    {
        var settings = new Dictionary<string, string?> { ["Access:Mode"] = "Roster", ["Admin:ApiKey"] = AdminKey };
        if (modelEndpoint is not null)
        {
            settings["Chat:Endpoint"] = modelEndpoint;
            settings["Chat:Model"] = "fake-model";
            settings["Chat:ApiKey"] = "test-key";
            settings["Chat:TimeoutSeconds"] = "8";
        }
        return settings;
    }

    /// <summary>A client signed in as the roster's web user for this role ("anonymous": not signed in).</summary>
    public async Task<HttpClient> ClientAsync(string role, WebApplicationFactory<Program>? host = null)
    {
        var client = (host ?? Host).CreateClient();
        if (role == "anonymous") return client;
        var login = await client.PostAsJsonAsync("/api/login", new { name = "web-" + role, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return client;
    }

    public static async Task<JsonElement> AskAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/ask", new { text, conversationId = Guid.NewGuid().ToString("N"), userId = "u1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose()
    {
        if (_host.IsValueCreated) _host.Value.Dispose();
        Db.Dispose();
    }
}

[CollectionDefinition(AccessWorld.Name)]
public sealed class AccessCollection : ICollectionFixture<AccessWorld>;
