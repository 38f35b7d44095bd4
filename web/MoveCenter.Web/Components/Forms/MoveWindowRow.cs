using MoveCenter.Application.Directory;

namespace MoveCenter.Web.Components.Forms;

/// <summary>One move window as its text boxes hold it; checked by the server's rules when the form is sent.</summary>
public sealed class MoveWindowRow
{
    public string? Days { get; set; } = "Mon-Fri";
    public string? From { get; set; } = "22:00";
    public string? To { get; set; } = "06:00";

    public static List<MoveWindowRequest> Requests(IEnumerable<MoveWindowRow> rows) => [.. rows.Select(w => new MoveWindowRequest(w.Days, w.From, w.To))];
}
