namespace MoveCenter.Domain.Inventory;

public enum InventoryKind
{
    Folder,
    Message,
    Rule,
}

public enum InventoryState
{
    Pending,
    Moved,
    Skipped,
    /// <summary>Failed as many times as the bad item limit allows; the move stalls on it.</summary>
    Failed,
}

/// <summary>One entry of a move's inventory list: a folder, message, rule or setting to carry to the target.</summary>
public sealed class InventoryItem
{
    private InventoryItem() { }

    public InventoryItem(Guid moveId, long sequence, InventoryKind kind, string folderPath, string sourceKey, long size)
    {
        MoveId = moveId;
        Sequence = sequence;
        Kind = kind;
        FolderPath = folderPath;
        SourceKey = sourceKey;
        Size = size;
    }

    public long Id { get; private set; }
    public Guid MoveId { get; private set; }

    /// <summary>The transfer order: folders first, then messages in folder order.</summary>
    public long Sequence { get; private set; }
    public InventoryKind Kind { get; private set; }
    public string FolderPath { get; private set; } = "";
    public string SourceKey { get; private set; } = "";
    public long Size { get; private set; }
    public int Flags { get; set; }
    public string Keywords { get; set; } = "";
    public DateTime? InternalDate { get; set; }
    public string? MessageId { get; set; }
    public string? Subject { get; set; }
    public string? Sender { get; set; }
    public bool Subscribed { get; set; }
    public int SpecialUse { get; set; }

    /// <summary>True for items found by final sync, after the inventory was first taken.</summary>
    public bool FoundByFinalSync { get; set; }

    /// <summary>
    /// A folder's mark at its store (IMAP: UIDVALIDITY, HIGHESTMODSEQ, UIDNEXT) as of the last listing whose every finding
    /// is recorded; the next incremental sync lists only what changed since. Null for messages, and for folders whose
    /// store keeps no marks: those are listed whole.
    /// </summary>
    public string? SyncMark { get; set; }

    /// <summary>
    /// Set just before the item is sent and cleared when its outcome is recorded. Still set after a crash means the
    /// outcome is unknown: the item is looked up at the target before it is sent again.
    /// </summary>
    public bool InFlight { get; set; }

    public InventoryState State { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? LastAttemptAt { get; private set; }
    public string? SkippedBy { get; private set; }

    /// <summary>Why the item is not at the target: set by its first failure or by its skip, cleared when it arrives.</summary>
    public NotMovedCategory? Category { get; private set; }

    /// <summary>The response of the server that refused or failed it, word for word, for the report.</summary>
    public string? ServerWords { get; private set; }

    /// <summary>A person chose to leave it behind (Skip, Force Complete); such an item needs no approval later.</summary>
    public bool SkipChosenByAdmin { get; private set; }

    /// <summary>
    /// The same message under a new key at the source, found by what it is (Message-ID, size, internal date) after its
    /// folder's keys changed (a new IMAP UIDVALIDITY): what was copied of it stays copied.
    /// </summary>
    public void Rekey(string sourceKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceKey);
        if (Kind != InventoryKind.Message) throw new InvalidOperationException("Only a message has a key of its own to change.");
        SourceKey = sourceKey;
    }

    public void MarkMoved(DateTime now)
    {
        State = InventoryState.Moved;
        InFlight = false;
        LastAttemptAt = now;
        LastError = null;
        Category = null;
        ServerWords = null;
    }

    /// <summary>Records a failed attempt; past the limit the item is Failed and holds the move.</summary>
    /// <param name="cause">Which side failed it; kept as the item's category should it never arrive.</param>
    public void RecordFailure(string error, NotMovedCategory cause, int badItemLimit, DateTime now)
    {
        Attempts++;
        Category = cause;
        ServerWords = error;
        InFlight = false;
        LastError = error;
        LastAttemptAt = now;
        if (Attempts >= badItemLimit) State = InventoryState.Failed;
    }

    /// <summary>An attempt broken off by a condition that restarts the move: recorded, but not counted against the bad item limit.</summary>
    public void RecordInterruption(string error, DateTime now)
    {
        InFlight = false;
        LastError = error;
        LastAttemptAt = now;
    }

    /// <summary>The engine leaves the item behind for a reason no retry changes.</summary>
    /// <param name="serverWords">What the server said about it, when a server decided.</param>
    public void Skip(string actor, NotMovedCategory category, string reason, DateTime now, string? serverWords = null)
    {
        if (State == InventoryState.Moved)
            throw new InvalidOperationException("A moved item cannot be skipped.");
        // An item that failed keeps the cause of its failure: that, not the skip, is what would fix it.
        Category ??= category;
        ServerWords ??= serverWords;
        State = InventoryState.Skipped;
        SkippedBy = actor;
        LastError = reason;
        LastAttemptAt = now;
    }

    /// <summary>An admin leaves the item behind (Skip, Force Complete).</summary>
    public void SkipByAdmin(string actor, string reason, DateTime now)
    {
        Skip(actor, NotMovedCategory.SkippedByAdmin, reason, now);
        SkipChosenByAdmin = true;
    }

    /// <summary>
    /// Restart of the entire move: an item whose outcome is unknown (still in flight) is kept, whatever was decided
    /// about it since, and goes back to the transfer, which looks for it at the target before sending it again.
    /// </summary>
    public void ReturnToTransfer()
    {
        if (State == InventoryState.Moved) return;
        State = InventoryState.Pending;
        Attempts = 0;
        SkippedBy = null;
        SkipChosenByAdmin = false;
        Category = null;
        ServerWords = null;
    }

    /// <summary>An admin's retry gives a failed item a fresh set of attempts.</summary>
    public void Rearm()
    {
        if (State != InventoryState.Failed) return;
        State = InventoryState.Pending;
        Attempts = 0;
    }
}
