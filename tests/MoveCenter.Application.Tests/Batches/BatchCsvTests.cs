using MoveCenter.Application.Batches;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Batches;

public sealed class BatchCsvTests
{
    private static IReadOnlyList<BatchRow> Read(string text) => BatchCsv.Read(new StringReader(text));

    [Fact]
    public void Rows_are_numbered_as_lines_of_the_file_with_the_header_as_line_1_and_blank_lines_counted()
    {
        var rows = Read("userId,targetPostOffice\nUserA,DestPO\n\nUserB,DestPO\n");

        Assert.Equal([(2, "UserA"), (4, "UserB")], rows.Select(r => (r.Row, r.UserId)));
    }

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_case_and_values_are_trimmed()
    {
        var rows = Read("StartAt, TARGETPOSTOFFICE ,priority,userid\n2026-12-01T22:00:00+01:00, DestPO ,-3, UserA \n");

        var row = Assert.Single(rows);
        Assert.Equal(("UserA", "DestPO", -3, new DateTime(2026, 12, 1, 21, 0, 0, DateTimeKind.Utc)), (row.UserId, row.TargetPostOffice, row.Priority, row.StartAt));
        Assert.Equal(DateTimeKind.Utc, row.StartAt!.Value.Kind);
        Assert.Empty(row.Problems);
    }

    [Theory]
    [InlineData("2026-12-01 22:00")]
    [InlineData("tomorrow")]
    public void A_start_time_without_its_zone_is_a_problem_of_its_row(string startAt)
    {
        var row = Assert.Single(Read($"userId,targetPostOffice,startAt\nUserA,DestPO,{startAt}\n"));

        Assert.Null(row.StartAt);
        Assert.Contains($"startAt '{startAt}' is not a date and time with its zone", Assert.Single(row.Problems));
    }

    [Theory]
    [InlineData("SwitchFirst", MoveMode.SwitchFirst)]
    [InlineData("switch-first", MoveMode.SwitchFirst)]
    [InlineData("CopyFirst", MoveMode.CopyFirst)]
    [InlineData("copy-first", MoveMode.CopyFirst)]
    [InlineData("", null)]
    public void The_mode_column_is_read_in_either_spelling_and_empty_takes_the_batch_mode(string mode, MoveMode? expected)
    {
        var row = Assert.Single(Read($"userId,targetPostOffice,mode\nUserA,DestPO,{mode}\n"));

        Assert.Empty(row.Problems);
        Assert.Equal(expected, row.Mode);
    }

    [Theory]
    [InlineData("LiftAndShift")]
    [InlineData("1")]
    public void An_unknown_mode_rejects_its_row_naming_the_modes(string mode)
    {
        var row = Assert.Single(Read($"userId,targetPostOffice,mode\nUserA,DestPO,{mode}\n"));

        Assert.Contains($"mode '{mode}' is not a mode; write SwitchFirst", Assert.Single(row.Problems));
        Assert.Null(row.Mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("user,target\nUserA,DestPO\n")]
    [InlineData("userId,targetPostOffice,site\nUserA,DestPO,x\n")]
    public void A_file_without_the_required_columns_or_with_unknown_ones_is_refused_naming_the_columns(string text)
    {
        var refused = Assert.Throws<RequestRejectedException>(() => Read(text));

        Assert.Contains(BatchCsv.Columns.Header, Assert.Single(refused.Errors["file"]));
    }
}
