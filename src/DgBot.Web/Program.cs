using DgBot.Web.Access;
using DgBot.Web.Admin;
using DgBot.Web.Alerts;
using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Charts;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using DgBot.Web.Limits;
using DgBot.Web.Plugins;
using DgBot.Web.WebChat;

var builder = WebApplication.CreateBuilder(args);

builder.AddDgBotData();
builder.AddDgBotPlugins();
builder.AddChat();
builder.AddAccess();
builder.AddCharts();
builder.AddTeamsChannel();
builder.AddLineChannel();
builder.AddAlerts();
builder.AddLimits();

var app = builder.Build();

app.EnsureDatabase();
app.UseAuthentication();
app.UseLimits();
app.MapHealthChecks("/health");
app.MapWebChat();
app.MapAccess();
app.MapAsk();
app.MapCharts();
app.MapTeamsChannel();
app.MapLineChannel();
var admin = app.MapAdminGroup();
admin.MapAlertsAdmin();
admin.MapAccessAdmin();
admin.MapAuditAdmin();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
