using DgBot.Web.Channels.Line;
using DgBot.Web.Channels.Teams;
using DgBot.Web.Chat;
using DgBot.Web.Data;
using DgBot.Web.Plugins;

var builder = WebApplication.CreateBuilder(args);

builder.AddDgBotData();
builder.AddDgBotPlugins();
builder.AddChat();
builder.AddTeamsChannel();
builder.AddLineChannel();

var app = builder.Build();

app.EnsureDatabase();
app.MapHealthChecks("/health");
app.MapHome();
app.MapAsk();
app.MapTeamsChannel();
app.MapLineChannel();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
