using Microsoft.Extensions.Options;

namespace MoveCenter.Application.Retention;

/// <summary>
/// How long the detail of a finished move is kept (configuration section <c>MoveCenter:Retention</c>). The history
/// and the audit trail are never pruned.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "MoveCenter:Retention";

    /// <summary>Progress samples (the throughput chart) of a finished move older than this are deleted.</summary>
    public TimeSpan ProgressSamples { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Log lines of a finished move older than this are deleted.</summary>
    public TimeSpan LogLines { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When the pruning job runs, as a cron expression (UTC).</summary>
    public string Schedule { get; set; } = "17 * * * *";
}

/// <summary>Refuses to start with an age that would delete everything at once, naming the key to correct.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var problems = new List<string>();
        if (options.ProgressSamples <= TimeSpan.Zero)
            problems.Add($"{RetentionOptions.Section}:ProgressSamples must be longer than zero (it is {options.ProgressSamples}).");
        if (options.LogLines <= TimeSpan.Zero)
            problems.Add($"{RetentionOptions.Section}:LogLines must be longer than zero (it is {options.LogLines}).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
