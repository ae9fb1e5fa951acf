using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace DocTables;

/// <summary>
/// A comma-separated file with a header row, as BenchmarkDotNet's CSV exporter writes it: a field that holds a comma or
/// a quote is quoted, and a quote inside it doubled.
/// </summary>
public sealed class CsvTable
{
    private readonly string path;
    private readonly Dictionary<string, int> columns;

    private CsvTable(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        this.path = path;
        columns = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        Rows = rows;
    }

    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    public static CsvTable Load(string path)
    {
        var lines = File.ReadAllText(path).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        if (lines.Length == 0 || lines[0].Length == 0) throw new DocTablesException($"{path} is empty");
        var header = Fields(lines[0]);
        var rows = lines[1..].Select(Fields).ToList();
        var ragged = rows.FindIndex(r => r.Count != header.Count);
        if (ragged >= 0) throw new DocTablesException($"{path}: row {ragged + 1} has {rows[ragged].Count} fields, the header {header.Count}");
        return new CsvTable(path, header, rows);
    }

    /// <summary>Whether the file has the named column.</summary>
    public bool Has(string column) => columns.ContainsKey(column);

    /// <summary>The value of the named column in a row.</summary>
    public string Value(IReadOnlyList<string> row, string column) =>
        columns.TryGetValue(column, out var index) ? row[index] : throw new DocTablesException($"{path} has no column '{column}'");

    private static IReadOnlyList<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
