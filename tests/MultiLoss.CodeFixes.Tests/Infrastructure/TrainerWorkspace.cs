using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using MultiLoss.Generators;
using MultiLoss.Testing;
using NUnit.Framework;

namespace MultiLoss.CodeFixes.Tests.Infrastructure;

/// <summary>
/// An <see cref="AdhocWorkspace"/> holding one C# project (.NET 10, TorchSharp and the MultiLoss runtime), on which
/// the MultiLoss generator runs and the code fix is applied as an IDE would: through its <see cref="CodeAction"/>s.
/// </summary>
internal sealed class TrainerWorkspace : IDisposable
{
    private static readonly ImmutableArray<MetadataReference> References = UserProjectReferences.Runtime;

    /// <summary>The latest language; doc comments diagnosed as in a library that generates its documentation file.</summary>
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>A library with nullable enabled and every warning wave on; CS1701/CS1702 off, as in every SDK project.</summary>
    private static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    /// <summary>Where the documents are said to be: the generator reports its diagnostics at these paths.</summary>
    private const string Folder = "/trainers/";

    private readonly AdhocWorkspace workspace = new();

    /// <summary>A workspace with one project holding <paramref name="sources"/>, named <c>Trainer0.cs</c>, <c>Trainer1.cs</c>, ... in <see cref="Folder"/>.</summary>
    public TrainerWorkspace(params string[] sources)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Trainers", "Trainers", LanguageNames.CSharp,
            compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References));
        for (var i = 0; i < sources.Length; i++)
        {
            var name = $"Trainer{i}.cs";
            solution = solution.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId), name,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(sources[i]), VersionStamp.Default)),
                filePath: Folder + name));
        }
        Assert.That(workspace.TryApplyChanges(solution), "the workspace took the project");
    }

    public Project Project => workspace.CurrentSolution.Projects.Single();

    public Document Document(int index = 0) => Project.Documents.Single(d => d.Name == $"Trainer{index}.cs");

    public void Dispose() => workspace.Dispose();

    /// <summary>Runs the generator on <paramref name="project"/>; fails the test if the generator threw.</summary>
    public static async Task<GeneratorOutput> RunGeneratorAsync(Project project)
    {
        var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
        Assert.That(compilation, Is.Not.Null, "the project compiles");
        var driver = CSharpGeneratorDriver.Create([new MultiLossGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation!, out var updated, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.That(result.Exception, Is.Null, "the generator threw");
        return new GeneratorOutput(updated, result.Diagnostics, result.GeneratedSources.Select(s => s.HintName).ToArray());
    }

    /// <summary>
    /// <paramref name="diagnostics"/> as the IDE hands them to code fixes: located in the syntax tree of the document with
    /// their path (the generator reports them in the trees of the compilation it ran on, which the IDE maps to its
    /// documents). Fix All relies on it: it finds each diagnostic's document through its syntax tree.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> InDocumentsAsync(Project project, IEnumerable<Diagnostic> diagnostics)
    {
        var mapped = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var document = project.Documents.Single(d => d.FilePath == diagnostic.Location.GetLineSpan().Path);
            var tree = await document.GetSyntaxTreeAsync().ConfigureAwait(false);
            var descriptor = diagnostic.Descriptor;
            mapped.Add(Diagnostic.Create(
                diagnostic.Id, descriptor.Category, diagnostic.GetMessage(), diagnostic.Severity, diagnostic.DefaultSeverity,
                descriptor.IsEnabledByDefault, diagnostic.WarningLevel, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri,
                Location.Create(tree!, diagnostic.Location.SourceSpan), customTags: descriptor.CustomTags, properties: diagnostic.Properties));
        }
        return mapped.ToImmutable();
    }

    /// <summary>The code actions the provider registers for <paramref name="diagnostic"/> in <paramref name="document"/>.</summary>
    public static async Task<IReadOnlyList<CodeAction>> CodeActionsAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic)
    {
        Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo(document.FilePath), "the diagnostic is in the document");
        Assert.That(diagnostic.Location.SourceTree, Is.Null.Or.SameAs(await document.GetSyntaxTreeAsync().ConfigureAwait(false)), "the diagnostic is in the document");
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions;
    }

    /// <summary>The solution <paramref name="action"/> leads to: its one <see cref="ApplyChangesOperation"/>.</summary>
    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        Assert.That(operations, Has.Length.EqualTo(1).And.All.InstanceOf<ApplyChangesOperation>(), "one change of the solution");
        return ((ApplyChangesOperation)operations[0]).ChangedSolution;
    }

    /// <summary>
    /// The Fix All action of <paramref name="provider"/> for <paramref name="scope"/>, starting from
    /// <paramref name="document"/>, fixing <paramref name="diagnostics"/> (mapped to documents by <see cref="InDocumentsAsync"/>).
    /// </summary>
    public static Task<CodeAction?> FixAllAsync(
        CodeFixProvider provider, Document document, FixAllScope scope, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics)
    {
        var fixAll = provider.GetFixAllProvider();
        Assert.That(fixAll, Is.Not.Null, "the provider supports Fix All");
        Assert.That(fixAll!.GetSupportedFixAllScopes(), Does.Contain(scope));
        var context = new FixAllContext(
            document, provider, scope, equivalenceKey, provider.FixableDiagnosticIds,
            new FixedDiagnostics(diagnostics), CancellationToken.None);
        return fixAll.GetFixAsync(context);
    }

    /// <summary>Hands Fix All the diagnostics the generator reported, by document.</summary>
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => InDocumentAsync(document, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = new List<Diagnostic>();
            foreach (var document in project.Documents) all.AddRange(await InDocumentAsync(document, cancellationToken).ConfigureAwait(false));
            return all;
        }

        private async Task<IEnumerable<Diagnostic>> InDocumentAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => d.Location.SourceTree == tree).ToArray();
        }
    }
}

/// <summary>One run of the generator: the compilation with its sources added, what it reported, and the hint names it added.</summary>
internal sealed record GeneratorOutput(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, string[] HintNames)
{
    /// <summary>The warnings and errors of the final compilation, as text so that a failure shows them.</summary>
    public string[] CompilationProblems()
        => Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToArray();
}
