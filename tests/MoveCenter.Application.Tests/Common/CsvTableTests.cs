using System.Text;
using MoveCenter.Application.Common;
using Xunit;

namespace MoveCenter.Application.Tests.Common;

public sealed class CsvTableTests
{
    private static readonly CsvColumns Columns = new(["userId", "postOffice"], ["email"]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<string> DecodeAsync(byte[] bytes) => CsvTable.DecodeAsync(new MemoryStream(bytes), Ct);

    [Fact]
    public async Task A_file_saved_as_latin_1_is_refused_naming_the_first_line_that_is_not_utf_8()
    {
        var latin1 = Encoding.Latin1.GetBytes("userId,postOffice\nanna,SourcePO\nj\u00fcrgen,SourcePO\n");

        var refused = await Assert.ThrowsAsync<RequestRejectedException>(() => DecodeAsync(latin1));

        var message = Assert.Single(refused.Errors["file"]);
        Assert.Contains("not UTF-8", message);
        Assert.Contains("line 3 holds the byte 0xFC", message);
    }

    [Fact]
    public async Task Utf_8_with_or_without_its_byte_order_mark_and_utf_16_with_its_mark_read_the_same()
    {
        const string text = "userId,postOffice\nj\u00fcrgen,SourcePO\n\u0430\u043d\u043d\u0430,SourcePO\n";

        Assert.Equal(text, await DecodeAsync(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, await DecodeAsync([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]));
        Assert.Equal(text, await DecodeAsync([.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)]));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_before_it_is_read_whole()
    {
        var large = new byte[CsvTable.MaxFileBytes + 1];

        var refused = await Assert.ThrowsAsync<RequestRejectedException>(() => DecodeAsync(large));

        Assert.Contains("larger than 5.0 MB", Assert.Single(refused.Errors["file"]));
    }

    [Fact]
    public void A_file_of_ten_thousand_lines_is_read_whole_with_each_line_numbered_as_in_the_file()
    {
        var text = "userId,postOffice\n" + string.Concat(Enumerable.Range(1, CsvTable.MaxRows).Select(i => $"user{i},SourcePO\n"));

        var lines = CsvTable.Read(new StringReader(text), Columns, "a users file");

        Assert.Equal(CsvTable.MaxRows, lines.Count);
        Assert.Equal((2, "user1"), (lines[0].Row, lines[0]["userId"]));
        Assert.Equal((CsvTable.MaxRows + 1, $"user{CsvTable.MaxRows}"), (lines[^1].Row, lines[^1]["userId"]));
    }

    [Fact]
    public void A_file_of_more_than_ten_thousand_lines_is_refused_whole()
    {
        var text = "userId,postOffice\n" + string.Concat(Enumerable.Range(1, CsvTable.MaxRows + 1).Select(i => $"user{i},SourcePO\n"));

        var refused = Assert.Throws<RequestRejectedException>(() => CsvTable.Read(new StringReader(text), Columns, "a users file"));

        Assert.Contains("more than 10,000 lines", Assert.Single(refused.Errors["file"]));
    }

    [Fact]
    public void A_line_with_more_values_than_columns_is_a_problem_of_that_line_and_a_short_line_leaves_the_rest_empty()
    {
        var lines = CsvTable.Read(new StringReader("userId,postOffice,email\nanna,SourcePO,anna@example.org,extra\nbob,SourcePO\n"), Columns, "a users file");

        Assert.Contains("4 values where the first line names 3 columns", Assert.Single(lines[0].Problems));
        Assert.Empty(lines[1].Problems);
        Assert.Null(lines[1]["email"]);
    }

    [Theory]
    [InlineData("userId\nanna\n", "It lacks postOffice.")]
    [InlineData("userId,postOffice,phone\nanna,SourcePO,1\n", "Unknown: phone.")]
    public void A_header_without_a_required_column_or_with_an_unknown_one_refuses_the_file_naming_it(string text, string reason)
    {
        var refused = Assert.Throws<RequestRejectedException>(() => CsvTable.Read(new StringReader(text), Columns, "a users file"));

        var message = Assert.Single(refused.Errors["file"]);
        Assert.Contains("userId,postOffice[,email]", message);
        Assert.Contains(reason, message);
    }
}
