using System.IO;
using Spectre.Console;

namespace Digits.App;

/// <summary>Where the app writes. <paramref name="Interactive"/>: a live terminal, so progress can redraw in place.</summary>
public sealed record ConsoleStreams(TextWriter Output, TextWriter Error, bool Interactive)
{
    /// <summary>
    /// The width of the tables in redirected output (a log, CI), which no terminal limits: wide enough that the results
    /// table over several seeds keeps each row on one line (Spectre.Console's default for a redirected writer is 80).
    /// </summary>
    public const int RedirectedWidth = 120;

    public IAnsiConsole CreateAnsiConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Output),
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!Interactive) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
