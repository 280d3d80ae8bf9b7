using DgBot.Web.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddDgBotData();

var app = builder.Build();

app.EnsureDatabase();
app.MapHealthChecks("/health");
app.MapHome();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
