using LoopDrive.Core.Sends;
using static LoopDrive.Core.Sends.OptOutParser;

namespace LoopDrive.Core.Tests.Sends;

public sealed class OptOutParserTests
{
    [Theory]
    [InlineData("STOP", Intent.OptOut)]
    [InlineData(" stop. ", Intent.OptOut)]
    [InlineData("StopAll", Intent.OptOut)]
    [InlineData("UNSUBSCRIBE", Intent.OptOut)]
    [InlineData("cancel", Intent.OptOut)]
    [InlineData("End", Intent.OptOut)]
    [InlineData("QUIT!", Intent.OptOut)]
    [InlineData("please stop texting me", Intent.OptOut)]
    [InlineData("Can you stop messaging me already", Intent.OptOut)]
    [InlineData("unsubscribe me from this", Intent.OptOut)]
    [InlineData("Don't text me again", Intent.OptOut)]
    [InlineData("do not email me", Intent.OptOut)]
    [InlineData("take me off your list", Intent.OptOut)]
    [InlineData("I want to opt out", Intent.OptOut)]
    [InlineData("START", Intent.OptIn)]
    [InlineData("unstop", Intent.OptIn)]
    [InlineData("help", Intent.Help)]
    [InlineData("Stop by the shop on Friday?", Intent.None)]
    [InlineData("I can't stop smiling, thanks!", Intent.None)]
    [InlineData("When does the sale end", Intent.None)]
    [InlineData("", Intent.None)]
    [InlineData(null, Intent.None)]
    public void Reads_keywords_and_free_text(string? text, Intent expected) => Assert.Equal(expected, Parse(text));
}
