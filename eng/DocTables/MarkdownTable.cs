using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace DocTables;

/// <summary>A Markdown table: a header row, the delimiter row, one row per <see cref="Add"/>.</summary>
public sealed class MarkdownTable(params string[] header)
{
    private readonly List<string[]> rows = [];

    public void Add(params string[] cells) => rows.Add(cells);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n");
        text.Append('|').AppendJoin("", header.Select((_, i) => i == 0 ? "---|" : "---:|")).Append('\n');
        foreach (var row in rows) text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        return text.ToString();
    }
}
