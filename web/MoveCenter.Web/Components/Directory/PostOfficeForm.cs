using MoveCenter.Application.Directory;
using MoveCenter.Domain.Directory;
using MoveCenter.Web.Components.Forms;

namespace MoveCenter.Web.Components.Directory;

/// <summary>What the post office dialog edits: the fields of the API's body, as text boxes hold them.</summary>
public sealed class PostOfficeForm
{
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public string Kind { get; set; } = "imap";
    public string? RootPath { get; set; }
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string Security { get; set; } = "starttls";
    public string? AdminUser { get; set; }
    public string? AdminPassword { get; set; }
    public bool SkipCertificateValidation { get; set; }
    public int? SievePort { get; set; }
    public int MaxConcurrentMoves { get; set; } = PostOffice.DefaultMaxConcurrentMoves;
    public long MaxBytesPerSecond { get; set; }
    public string? Site { get; set; }
    public string TimeZone { get; set; } = MoveSchedule.DefaultTimeZone;
    public List<MoveWindowRow> Windows { get; } = [];

    public bool IsImap => Kind == "imap";

    public static PostOfficeForm From(PostOfficeSummary p)
    {
        var form = new PostOfficeForm
        {
            Name = p.Name, Domain = p.Domain, Kind = p.Kind.ToString().ToLowerInvariant(), RootPath = p.RootPath, Host = p.Host, Port = p.Port,
            Security = p.Kind == PostOfficeKind.Imap ? p.Security.ToString().ToLowerInvariant() : "starttls",
            AdminUser = p.AdminUser, SkipCertificateValidation = p.SkipCertificateValidation, SievePort = p.SievePort,
            MaxConcurrentMoves = p.MaxConcurrentMoves, MaxBytesPerSecond = p.MaxBytesPerSecond, Site = p.Site, TimeZone = p.TimeZone,
        };
        form.Windows.AddRange((p.Windows ?? []).Select(w => new MoveWindowRow { Days = w.Days, From = w.From, To = w.To }));
        return form;
    }

    private List<MoveWindowRequest> WindowRequests => MoveWindowRow.Requests(Windows);

    public AddPostOfficeRequest ToAdd() => new(
        Name ?? "", Domain ?? "", Kind, IsImap ? null : RootPath, IsImap ? Host : null, IsImap ? Port : null, IsImap ? Security : null,
        IsImap ? AdminUser : null, IsImap ? AdminPassword : null, IsImap && SkipCertificateValidation, MaxConcurrentMoves, IsImap ? SievePort : null,
        Site, TimeZone, WindowRequests, MaxBytesPerSecond);

    /// <summary>Every field as shown, except an empty password box, which keeps the stored password.</summary>
    public EditPostOfficeRequest ToEdit() => new(
        Name ?? "", Domain ?? "", Kind, RootPath, Host, Port, Security, AdminUser,
        string.IsNullOrEmpty(AdminPassword) ? null : AdminPassword, SkipCertificateValidation, MaxConcurrentMoves, SievePort,
        Site ?? "", TimeZone, WindowRequests, MaxBytesPerSecond);
}
