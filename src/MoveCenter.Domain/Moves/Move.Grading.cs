namespace MoveCenter.Domain.Moves;

/// <summary>The grade a move gets before its purge, and the admin's approval an Investigate grade waits for.</summary>
public sealed partial class Move
{
    /// <summary>Given before the purge; null until then, and for a move that never got there.</summary>
    public MoveGrade? Grade { get; private set; }

    /// <summary>Items left behind that wait for an admin's approval; 0 unless the move is stalled for it.</summary>
    public int ItemsAwaitingApproval { get; private set; }

    /// <summary>How many items left behind an admin approved; more left behind later asks again.</summary>
    public int ItemsApproved { get; private set; }

    public string? SkipsApprovedBy { get; private set; }
    public DateTime? SkipsApprovedAt { get; private set; }

    /// <summary>Stalled before its purge until an admin approves what it leaves behind; its source is untouched until then.</summary>
    public bool AwaitsApproval => Status == MoveStatus.Stalled && ItemsAwaitingApproval > 0;

    /// <summary>The purge grades the move; an Investigate grade whose items are not all approved yet stops it before anything is removed.</summary>
    /// <returns>True when the purge may go on.</returns>
    public bool GradeBeforePurge(MoveGrade grade, LeftBehind leftBehind, DateTime now)
    {
        RequireStatus(MoveStatus.Running, "grade");
        if (Phase != MovePhase.Purge) throw new InvalidOperationException($"A move is graded before its purge, not in {Phase.DisplayName()}.");
        if (Grade != grade) Record(now, MoveEventKind.Note, $"Graded {grade}.");
        Grade = grade;
        LastActivityAt = now;
        return grade != MoveGrade.Investigate || leftBehind.Items <= ItemsApproved;
    }

    /// <summary>
    /// An Investigate move waits for an admin, with no re-examination and no time limit: nothing but a person's
    /// decision changes what it left behind.
    /// </summary>
    public void AwaitApproval(int items, string reason, DateTime now)
    {
        RequireStatus(MoveStatus.Running, "stop for approval");
        if (Grade != MoveGrade.Investigate) throw new InvalidOperationException($"Only a move graded Investigate waits for approval; this one is graded {Grade?.ToString() ?? "not yet"}.");
        ChangeStatus(MoveStatus.Stalled, "wait for approval of");
        ItemsAwaitingApproval = items;
        RetryCause = null;
        RetryAttempt = 0;
        NotBefore = null;
        WaitReason = reason;
        LastActivityAt = now;
        Record(now, MoveEventKind.Stalled, reason);
    }

    /// <summary>An admin approves the items left behind: the move purges its source and completes. Approving again changes nothing.</summary>
    public void ApproveSkipped(string actor, DateTime now)
    {
        RequireActor(actor);
        if (!AwaitsApproval)
        {
            if (SkipsApprovedAt is not null) return;
            throw new InvalidOperationException(
                $"The move of {UserId} is not waiting for approval of skipped items: it is {Status} in {Phase.DisplayName()}" +
                (Grade is { } grade ? $", graded {grade}" : "") + ". Only a move graded Investigate waits for it, before its purge.");
        }
        var items = ItemsAwaitingApproval;
        QueueAgainNow("approve the skipped items of", now);
        ItemsApproved = items;
        SkipsApprovedBy = actor;
        SkipsApprovedAt = now;
        Record(now, MoveEventKind.AdminAction,
            $"Approved the {(items == 1 ? "item" : $"{items:N0} items")} left behind; the purge goes on as its purge mode says and the move completes.", actor);
    }

    private void ForgetGrade()
    {
        Grade = null;
        ItemsApproved = 0;
        SkipsApprovedBy = null;
        SkipsApprovedAt = null;
    }
}
