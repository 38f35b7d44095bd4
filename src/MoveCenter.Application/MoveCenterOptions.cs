namespace MoveCenter.Application;

/// <summary>Top-level settings (configuration section <c>MoveCenter</c>).</summary>
public sealed class MoveCenterOptions
{
    public const string Section = "MoveCenter";

    /// <summary>Holds the SQLite database, logs, data protection keys and the demo post offices.</summary>
    public string DataDirectory { get; set; } = "data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

/// <summary>The demo directory created on first start (configuration section <c>MoveCenter:Demo</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "MoveCenter:Demo";

    /// <summary>Creates domain dom1, post offices SourcePO and DestPO and users UserA… when the directory is empty.</summary>
    public bool Enabled { get; set; } = true;

    public int Users { get; set; } = 8;

    public int MessagesPerUser { get; set; } = 300;

    public bool LargeAttachments { get; set; } = true;
}
