using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>
/// Batch files that must not become batches, or not all of them: a wrong header, a wrong encoding, no good row, and the
/// largest file there may be. Nothing is created for a refused file.
/// </summary>
public sealed class BatchFileApiTests(BatchesWebFactory factory) : IClassFixture<BatchesWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_without_any_good_row_answers_400_with_the_rows_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        var (movesBefore, batchesBefore) = await CountAsync();

        using var response = await PostCsvAsync(client, "userId,targetPostOffice\nNobody,DestPO\nNoOne,DestPO\n", "name=Typos");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct);
        Assert.Contains("nothing was created", problem.GetProperty("detail").GetString());
        Assert.Equal([2, 3], problem.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_as_a_whole()
    {
        using var client = factory.CreateApiClient();

        using var response = await PostCsvAsync(client, "user,target\nUserD,DestPO\n", "name=Wrong%20header");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
        Assert.Contains("userId,targetPostOffice", Assert.Single(problem!.Errors["file"]));
    }

    [Fact]
    public async Task A_file_saved_as_latin_1_is_refused_naming_the_line_and_creates_nothing()
    {
        using var client = factory.CreateApiClient();
        var (movesBefore, batchesBefore) = await CountAsync();
        var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("userId,targetPostOffice\nUserA,DestPO\nUserB,Zw\u00f6lfPO\n"));
        latin1.Headers.ContentType = new("text/csv");

        using var response = await client.PostAsync("/api/batches?name=Latin1", latin1, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct);
        Assert.Contains("not UTF-8 text: line 3", Assert.Single(problem!.Errors["file"]));
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    [Fact]
    public async Task A_file_of_ten_thousand_rows_is_previewed_whole_with_each_bad_row_by_its_number()
    {
        using var client = factory.CreateApiClient();
        var (movesBefore, batchesBefore) = await CountAsync();
        var rows = Enumerable.Range(1, 10_000).Select(i => i switch { 1 => "UserA", 10_000 => "UserB", _ => $"Nobody{i}" });
        var file = "userId,targetPostOffice\n" + string.Concat(rows.Select(user => $"{user},DestPO\n"));

        using var response = await PostCsvAsync(client, file, "name=Large&dryRun=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct);
        Assert.Equal(2, preview.GetProperty("accepted").GetInt32());
        var rejected = preview.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("row").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(3, 9_998), rejected);
        Assert.Equal((movesBefore, batchesBefore), await CountAsync());
    }

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, string query) => BatchesWebFactory.PostCsvAsync(client, csv, query, Ct);

    private Task<(int Moves, int Batches)> CountAsync() => factory.CountMovesAndBatchesAsync(Ct);
}
