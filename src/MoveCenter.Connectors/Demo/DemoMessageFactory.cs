using System.Globalization;
using System.Text;
using MimeKit;

namespace MoveCenter.Connectors.Demo;

/// <summary>Renders a planned demo message as MIME. Boundaries and content come from the plan's seed, never from MimeKit's randomness.</summary>
internal static class DemoMessageFactory
{
    private static readonly string[] Words =
    [
        "meeting", "budget", "release", "Änderung", "schedule", "draft", "отчёт", "review", "customer",
        "予定", "deadline", "server", "migration", "invoice", "coffee", "résumé", "please", "thanks",
    ];

    private static readonly FormatOptions Format = CreateFormat();

    public static byte[] Render(DemoMessagePlan plan)
    {
        var random = new Random(unchecked((plan.Seed * 1_000_003) + plan.Index));
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(plan.From.Name, plan.From.Address));
        message.To.Add(new MailboxAddress(plan.To.Name, plan.To.Address));
        message.Subject = plan.Subject;
        message.Date = plan.Date.AddMinutes(-random.Next(1, 30));
        if (plan.MessageId is null) message.Headers.Remove(HeaderId.MessageId);
        else message.MessageId = plan.MessageId;
        message.Body = Body(plan, random);

        using var output = new MemoryStream();
        message.WriteTo(Format, output);
        return output.ToArray();
    }

    private static MimeEntity Body(DemoMessagePlan plan, Random random)
    {
        var text = Paragraphs(random);
        MimeEntity body = Text("plain", text);
        if (plan.WithHtml)
        {
            var html = "<html><body>" + string.Concat(text.Split("\n\n").Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")) + "</body></html>";
            body = new MultipartAlternative { Text("plain", text), Text("html", html) };
            ((Multipart)body).Boundary = Boundary(plan, "alt");
        }
        var attachmentCount = plan.SmallAttachments + (plan.LargeAttachmentBytes > 0 ? 1 : 0);
        if (attachmentCount == 0) return body;
        var mixed = new Multipart("mixed") { body };
        mixed.Boundary = Boundary(plan, "mixed");
        for (var i = 0; i < plan.SmallAttachments; i++)
            mixed.Add(Attachment($"notes-{i + 1}.bin", random.Next(2_000, 60_000), random));
        if (plan.LargeAttachmentBytes > 0)
            mixed.Add(Attachment("scan.pdf", plan.LargeAttachmentBytes, random));
        return mixed;
    }

    private static TextPart Text(string subtype, string text) =>
        new(subtype) { Text = text, ContentTransferEncoding = ContentEncoding.QuotedPrintable };

    private static MimePart Attachment(string fileName, int size, Random random)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        return new MimePart("application", fileName.EndsWith(".pdf", StringComparison.Ordinal) ? "pdf" : "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(bytes)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
    }

    private static string Paragraphs(Random random)
    {
        var text = new StringBuilder();
        var paragraphs = random.Next(2, 12);
        for (var p = 0; p < paragraphs; p++)
        {
            if (p > 0) text.Append("\n\n");
            var words = random.Next(60, 110);
            for (var w = 0; w < words; w++)
                text.Append(w == 0 ? "" : " ").Append(Words[random.Next(Words.Length)]);
            text.Append('.');
        }
        return text.ToString();
    }

    private static string Boundary(DemoMessagePlan plan, string part) =>
        string.Create(CultureInfo.InvariantCulture, $"=_demo_{plan.Seed:x}_{plan.Index}_{part}");

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Unix;
        return format;
    }
}
