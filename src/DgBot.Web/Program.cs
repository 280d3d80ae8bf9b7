using DgBot.Web.Data;
using DgBot.Web.Plugins;

var builder = WebApplication.CreateBuilder(args);

builder.AddDgBotData();
builder.AddDgBotPlugins();

var app = builder.Build();

app.EnsureDatabase();
app.MapHealthChecks("/health");
app.MapHome();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
