namespace MoveCenter.Connectors.Demo;

/// <summary>Fills a mailbox with realistic demo mail through the ordinary store contract, so any connector can hold it.</summary>
public sealed class DemoMailboxGenerator
{
    public async Task GenerateAsync(IMailboxSession mailbox, DemoMailboxSpec spec, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spec.MessageCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.BatchSize, 1);
        await mailbox.CreateAsync(cancellationToken);
        foreach (var folder in DemoFolders.Tree)
            await mailbox.EnsureFolderAsync(folder, cancellationToken);

        foreach (var folder in DemoMessagePlanner.Plan(spec).GroupBy(p => p.Folder))
        {
            foreach (var batch in folder.Chunk(spec.BatchSize))
            {
                var outcomes = await mailbox.AppendAsync(folder.Key, batch.Select(ToOutgoing).ToList(), cancellationToken);
                if (outcomes.FirstOrDefault(o => !o.Delivered) is { } failed)
                    throw new IOException($"The demo message {failed.DeliveryKey} could not be stored in \"{folder.Key}\": {failed.Error}");
            }
        }
        spec.PlantUnreadableItem?.Invoke();
    }

    private static OutgoingMessage ToOutgoing(DemoMessagePlan plan)
    {
        var bytes = DemoMessageFactory.Render(plan);
        return new OutgoingMessage(plan.DeliveryKey, bytes.Length, plan.Flags, plan.Keywords, plan.Date, plan.MessageId,
            _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));
    }
}
