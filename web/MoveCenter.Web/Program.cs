using MoveCenter.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddMoveCenterLogging();
builder.AddMoveCenter();

var app = builder.Build();
await app.InitializeMoveCenterAsync();
app.UseMoveCenter();
app.MapMoveCenter();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
