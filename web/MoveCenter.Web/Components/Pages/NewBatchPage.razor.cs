using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Directory;
using MoveCenter.Web.Components.Forms;
using MoveCenter.Web.Components.Layout;

namespace MoveCenter.Web.Components.Pages;

/// <summary>
/// Upload, preview, create. The preview is the dry run of the same handler that creates, so what it shows is what Create
/// checks again; nothing is written before Create. Times are taken in the server's time zone, which the page names,
/// because the server (not the browser) turns them into the UTC the moves keep.
/// </summary>
public partial class NewBatchPage
{
    private string? _name;
    private DateTime? _startLocal;
    private string? _fileName;
    private string? _csv;
    private string? _error;
    private FieldErrors _fieldErrors = FieldErrors.None;
    private string _timeZone = MoveSchedule.DefaultTimeZone;
    private readonly List<MoveWindowRow> _windows = [];
    private CreateBatchResult? _preview;
    private bool _busy;

    [Inject]
    private CreateBatchHandler Handler { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    private string ServerTimeZone => ServerTime.ZoneName(Clock);

    private DateTime? StartUtc => ServerTime.ToUtc(_startLocal, Clock);

    private async Task OnFileReadAsync(CsvUpload file)
    {
        (_csv, _fileName, _error) = (file.Text, file.FileName, null);
        if (string.IsNullOrWhiteSpace(_name)) _name = Path.GetFileNameWithoutExtension(file.FileName);
        await PreviewAgainAsync();
    }

    private Task PreviewAgainAsync() => _csv is null ? Task.CompletedTask : RunAsync(dryRun: true);

    private Task CreateAsync() => RunAsync(dryRun: false);

    private async Task RunAsync(bool dryRun)
    {
        _busy = true;
        (_error, _fieldErrors) = (null, FieldErrors.None);
        try
        {
            var rows = BatchCsv.Read(new StringReader(_csv!));
            var actor = (await Authentication).User.Identity?.Name ?? "";
            var result = await Handler.HandleAsync(new CreateBatchRequest(_name ?? "", StartUtc, rows, dryRun, _timeZone, MoveWindowRow.Requests(_windows)), actor, CancellationToken.None);
            if (!dryRun && result.Id is { } id)
            {
                Navigation.NavigateTo($"/batches/{id}");
                return;
            }
            _preview = result;
        }
        catch (RequestRejectedException rejected)
        {
            (_error, _fieldErrors) = (rejected.Message, new FieldErrors(rejected.Errors));
            if (dryRun) _preview = null;
        }
        finally
        {
            _busy = false;
        }
    }
}
