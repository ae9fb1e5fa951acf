using System.Collections.Generic;
using System.Linq;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>What a fenced block of a doc is, and so which test checks it (docs/writing-docs.md, "Code blocks").</summary>
internal enum BlockKind
{
    /// <summary><c>csharp program</c>: compiled with the generator and run (<see cref="CompleteProgramTests"/>).</summary>
    WholeProgram,

    /// <summary><c>csharp</c>: compiled with the generator, alone or in its declared context (<see cref="FragmentTests"/>).</summary>
    Fragment,

    /// <summary><c>csharp</c> in docs/diagnostics.md or docs/loop-analyzers.md: checked by the generator's and the analyzers' test projects.</summary>
    DiagnosticExample,

    /// <summary><c>sh</c> or <c>bash</c>: run as written from the doc's folder, in a copy of the repository (<see cref="ShellBlockTests"/>).</summary>
    Commands,

    /// <summary><c>sh</c> where a reader makes a project from the packages: run by tests/MultiLoss.Package.Tests against packed packages.</summary>
    PackageCommands,

    /// <summary><c>xml</c>: a project's package references, restored and built by tests/MultiLoss.Package.Tests.</summary>
    PackageReferences,

    /// <summary><c>text</c> in a generated <c>output-tail</c> section: a recorded run's output (<see cref="GeneratedSectionTests"/>).</summary>
    RecordedOutput,

    /// <summary><c>text</c> in the README's repository layout (<see cref="LayoutTests"/>).</summary>
    Layout,
}

/// <summary>A fenced block of one of the docs, where it is and what kind it is (null: a kind no test knows).</summary>
internal sealed record DocBlock(string Doc, Markdown.CodeBlock Block, BlockKind? Kind)
{
    /// <summary>The docs whose C# blocks are the diagnostics' and the loop analyzers' examples, checked by their own test projects.</summary>
    public static readonly IReadOnlySet<string> DiagnosticDocs = new HashSet<string> { "docs/diagnostics.md", "docs/loop-analyzers.md" };

    /// <summary>The docs whose <c>xml</c> blocks are package references (both checked by tests/MultiLoss.Package.Tests).</summary>
    public static readonly IReadOnlySet<string> PackageReferenceDocs = new HashSet<string> { "README.md", "src/MultiLoss/PACKAGE.md" };

    /// <summary>The README's section whose commands make a project from the packed packages.</summary>
    public const string ReadmePackageSection = "## Using MultiLoss in your project";

    /// <summary>The template package's readme and the readme of the project it makes: their commands need the packages.</summary>
    public static bool IsTemplateDoc(string doc) => doc.StartsWith("templates/", System.StringComparison.Ordinal);

    public string Location => $"{Doc}:{Block.Line}";

    public static IEnumerable<DocBlock> All() =>
        from doc in Repository.Docs
        let text = Repository.Read(doc)
        from block in Markdown.CodeBlocks(text)
        select new DocBlock(doc, block, KindOf(doc, text, block));

    public static IEnumerable<DocBlock> OfKind(BlockKind kind) => All().Where(b => b.Kind == kind);

    private static BlockKind? KindOf(string doc, string text, Markdown.CodeBlock block) => block.Info switch
    {
        "csharp program" => BlockKind.WholeProgram,
        "csharp" => DiagnosticDocs.Contains(doc) ? BlockKind.DiagnosticExample : BlockKind.Fragment,
        "sh" or "bash" => IsTemplateDoc(doc) || (doc == "README.md" && Markdown.HeadingAbove(text, block.Line) == ReadmePackageSection)
            ? BlockKind.PackageCommands
            : BlockKind.Commands,
        "xml" when PackageReferenceDocs.Contains(doc) => BlockKind.PackageReferences,
        "text" when Markdown.GeneratedSectionAround(text, block.Line)?.StartsWith("output-tail ", System.StringComparison.Ordinal) == true => BlockKind.RecordedOutput,
        "text" when doc == "README.md" && Markdown.HeadingAbove(text, block.Line) == "## Repository layout" => BlockKind.Layout,
        _ => null,
    };
}
