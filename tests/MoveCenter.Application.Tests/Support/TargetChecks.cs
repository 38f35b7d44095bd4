using MoveCenter.Application.Demo;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

public static class TargetChecks
{
    /// <summary>Invariants 1 and 2 for a Maildir target: the same mail as the source had, and one file per message on disk.</summary>
    public static async Task AssertEachMessageOnceAsync(MoveCenterHost host, MailboxSnapshot before, string userId)
    {
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, userId));
        var files = MailboxSnapshot.CountFilesOnDisk(host.Data.MailboxPath(DemoDirectorySeeder.TargetPostOffice, userId));
        Assert.Equal(before.Messages.Count, files.Values.Sum());
    }
}
