using System;
using System.Text;

namespace MultiLoss.Generators.Emit;

/// <summary>Writes C# source with consistent indentation and line endings.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder text = new();
    private int indent;

    public SourceWriter Line(string line)
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < indent; i++) text.Append(IndentUnit);
            text.Append(line);
        }
        text.Append('\n');
        return this;
    }

    public SourceWriter Line() => Line(string.Empty);

    public SourceWriter OpenBlock(string header)
    {
        Line(header);
        Line("{");
        indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        if (indent == 0) throw new InvalidOperationException("CloseBlock without a matching OpenBlock.");
        indent--;
        return Line("}" + suffix);
    }

    public override string ToString()
    {
        if (indent != 0) throw new InvalidOperationException($"{indent} block(s) left open.");
        return text.ToString();
    }
}
