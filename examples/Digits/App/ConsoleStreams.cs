using System.IO;
using Spectre.Console;

namespace Digits.App;

/// <summary>Where the app writes. <paramref name="Interactive"/>: a live terminal, so progress can redraw in place.</summary>
public sealed record ConsoleStreams(TextWriter Output, TextWriter Error, bool Interactive)
{
    public IAnsiConsole CreateAnsiConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Output),
        Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
    });
}
