namespace MoveCenter.Web.Components.Forms;

/// <summary>A CSV file chosen in the browser: its name, and its text decoded as UTF-8.</summary>
public sealed record CsvUpload(string FileName, string Text);
