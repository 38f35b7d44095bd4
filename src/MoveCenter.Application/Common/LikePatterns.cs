namespace MoveCenter.Application.Common;

/// <summary>
/// Builds LIKE patterns from what a person typed. The escape character is passed to EF.Functions.Like, which
/// both SQLite and SQL Server understand; SQL Server's "[_]" form would match nothing on SQLite.
/// </summary>
public static class LikePatterns
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string text) =>
        text.Replace(EscapeCharacter, EscapeCharacter + EscapeCharacter).Replace("%", EscapeCharacter + "%").Replace("_", EscapeCharacter + "_");

    public static string Contains(string text) => $"%{Escape(text)}%";
}
