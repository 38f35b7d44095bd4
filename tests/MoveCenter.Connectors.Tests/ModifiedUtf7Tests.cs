using MoveCenter.Connectors;
using Xunit;

namespace MoveCenter.Connectors.Tests;

public sealed class ModifiedUtf7Tests
{
    [Theory]
    [InlineData("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-")]
    [InlineData("&", "&-")]
    [InlineData("Entwürfe & Notizen", "Entw&APw-rfe &- Notizen")]
    [InlineData("INBOX", "INBOX")]
    [InlineData("😀", "&2D3eAA-")]
    public void Encode_and_decode_match_known_vectors(string name, string encoded)
    {
        Assert.Equal(encoded, ModifiedUtf7.Encode(name));
        Assert.Equal(name, ModifiedUtf7.Decode(encoded));
    }

    [Fact]
    public void Random_unicode_including_emoji_round_trips()
    {
        var random = new Random(1234);
        string[] pool = ["a", "Z", "&", "-", " ", "~", ".", "ü", "ß", "Ж", "台", "語", "😀", "🧑‍💻", "\u00A0", "€", "\u0007"];
        for (var i = 0; i < 500; i++)
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pool[random.Next(pool.Length)]));
            var encoded = ModifiedUtf7.Encode(name);
            Assert.All(encoded, c => Assert.InRange(c, '\x20', '\x7e'));
            Assert.Equal(name, ModifiedUtf7.Decode(encoded));
        }
    }

    [Theory]
    [InlineData("&U,BTFw")]
    [InlineData("&AGE-")]
    [InlineData("ä")]
    [InlineData("&2D0-")]
    [InlineData("&U,BTF!-")]
    public void Decode_rejects_what_is_not_modified_utf7(string encoded) =>
        Assert.Throws<FormatException>(() => ModifiedUtf7.Decode(encoded));

    [Fact]
    public void Encode_rejects_an_unpaired_surrogate() =>
        Assert.Throws<ArgumentException>(() => ModifiedUtf7.Encode("a\uD83Db"));
}
