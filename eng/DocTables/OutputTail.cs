using System.IO;
using System.Linq;

namespace DocTables;

/// <summary>The last lines a recorded run printed (its <c>output-tail.txt</c>), as a text block.</summary>
public static class OutputTail
{
    public const string FileName = "output-tail.txt";

    public static string Render(string runFolder, int lineCount)
    {
        var path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new DocTablesException($"{path} does not exist");
        var lines = File.ReadAllText(path).TrimEnd('\n').Split('\n');
        if (lineCount > lines.Length) throw new DocTablesException($"{path} has {lines.Length} lines, fewer than the {lineCount} asked for");
        return "```text\n" + string.Join("\n", lines[^lineCount..].Select(l => l.TrimEnd())) + "\n```";
    }
}
