using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// Every C# fragment of the docs (a <c>csharp</c> block outside the diagnostics' and the loop analyzers' docs) compiles
/// with the generator, without a diagnostic of the generator and without an error: as a file of its own, or in the
/// context the doc declares on the line before it, <c>&lt;!-- context: NAME --&gt;</c>, which GitHub does not render:
/// <c>tests/MultiLoss.Docs.Tests/Contexts/NAME.cs</c> with the block in place of its line <c>/* the doc's block */</c>.
/// </summary>
public sealed class FragmentTests
{
    public const string ContextFolder = "tests/MultiLoss.Docs.Tests/Contexts";
    public const string Placeholder = "/* the doc's block */";

    public static IEnumerable<TestCaseData> Fragments() =>
        DocBlock.OfKind(BlockKind.Fragment).Select(b => new TestCaseData(b.Doc, b.Block.Line).SetArgDisplayNames(b.Location));

    [TestCaseSource(nameof(Fragments))]
    public void The_fragment_compiles_with_the_generator(string doc, int line)
    {
        var block = Markdown.CodeBlocks(Repository.Read(doc)).Single(b => b.Line == line);
        var source = block.Context is null ? block.Code : InContext(block.Context, block.Code);

        var fragment = GeneratedCompilation.Of(source, HasTopLevelStatements(source) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);

        Assert.That(fragment.Problems(), Is.Empty,
            $"generator diagnostics and compile errors of the block at {doc}:{line}" + (block.Context is null ? "" : $" in context {block.Context}") + $", compiled as:\n{source}");
    }

    [Test]
    public void Every_context_is_declared_by_a_fragment()
    {
        var declared = DocBlock.OfKind(BlockKind.Fragment).Select(b => b.Block.Context).OfType<string>().ToHashSet();
        var contexts = Directory.EnumerateFiles(Path.Combine(Repository.Root, ContextFolder), "*.cs").Select(Path.GetFileNameWithoutExtension);

        Assert.That(contexts.Where(c => !declared.Contains(c!)), Is.Empty, "contexts no doc uses; remove them");
    }

    private static string InContext(string context, string code)
    {
        var path = Path.Combine(Repository.Root, ContextFolder, context + ".cs");
        Assert.That(File.Exists(path), Is.True, $"the context {context} is not in {ContextFolder}");
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.That(text.Split('\n').Count(l => l.Trim() == Placeholder), Is.EqualTo(1), $"{context}.cs has one line {Placeholder}");
        return text.Replace(Placeholder, code);
    }

    private static bool HasTopLevelStatements(string source) =>
        CSharpSyntaxTree.ParseText(source, GeneratedCompilation.ParseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
}
