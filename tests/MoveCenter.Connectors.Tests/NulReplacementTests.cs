using MoveCenter.Connectors.Imap;
using Xunit;

namespace MoveCenter.Connectors.Tests;

/// <summary>When BINARY[] is fetched for a message read with BODY[], and which of its bytes are taken.</summary>
public sealed class NulReplacementTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'a', 0x80, (byte)'b' }, (byte)'x', true)]
    [InlineData(new byte[] { 0x80, (byte)'b' }, (byte)' ', true)]
    [InlineData(new byte[] { 0x80, (byte)'b' }, (byte)0x98, false)]
    [InlineData(new byte[] { 0xE2, 0x80, 0x98, (byte)'q', 0xE2, 0x80, 0x99 }, (byte)'x', false)]
    [InlineData(new byte[] { (byte)'p', 0xE9, 0x80 }, (byte)'x', false)]
    [InlineData(new byte[] { (byte)'p', 0xFF, 0x81 }, (byte)'x', false)]
    public void Only_a_0x80_after_an_ASCII_byte_may_be_a_replaced_NUL(byte[] bytes, byte previous, bool mayHide) =>
        Assert.Equal(mayHide, NulReplacement.MayHide(bytes, previous));

    [Fact]
    public void NULs_are_taken_where_BINARY_differs_from_BODY_only_by_NUL_for_0x80()
    {
        byte[] body = [(byte)'a', 0x80, (byte)'b', 0x80, 0x80, 0xE2, 0x80, 0x98];
        byte[] binary = [(byte)'a', 0, (byte)'b', 0, 0x80, 0xE2, 0x80, 0x98];

        Assert.True(NulReplacement.TryRestore(body, binary));
        Assert.Equal(binary, body);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'c' })]
    [InlineData(new byte[] { (byte)'a', 0 })]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'b', 0 })]
    public void BODY_is_kept_when_BINARY_differs_in_any_other_way(byte[] binary)
    {
        byte[] body = [(byte)'a', 0x80, (byte)'b'];

        Assert.False(NulReplacement.TryRestore(body, binary));
        Assert.Equal([(byte)'a', 0x80, (byte)'b'], body);
    }
}
