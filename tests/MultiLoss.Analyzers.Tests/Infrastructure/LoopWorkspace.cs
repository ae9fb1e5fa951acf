using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using NUnit.Framework;

namespace MultiLoss.Analyzers.Tests.Infrastructure;

/// <summary>
/// One document in an <see cref="AdhocWorkspace"/> project (.NET 10, TorchSharp, the MultiLoss runtime): the loop
/// analyzers run on it and a code fix is applied as the IDE applies it, through its code actions.
/// </summary>
internal sealed class LoopWorkspace : IDisposable
{
    private readonly AdhocWorkspace workspace = new();

    public LoopWorkspace(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Loops", "Loops", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.LibraryOptions.WithOutputKind(kind), parseOptions: AnalyzerHarness.ParseOptions,
                metadataReferences: AnalyzerHarness.References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Loop.cs", SourceText.From(source), filePath: "/loops/Loop.cs");
        Assert.That(workspace.TryApplyChanges(solution), "the workspace took the project");
    }

    public Document Document => workspace.CurrentSolution.Projects.Single().Documents.Single();

    public void Dispose() => workspace.Dispose();

    /// <summary>The loop analyzers' diagnostics on the document, with <paramref name="id"/>.</summary>
    public async Task<Diagnostic[]> DiagnosticsAsync(string id)
    {
        var compilation = await Document.Project.GetCompilationAsync().ConfigureAwait(false);
        Assert.That(AnalyzerHarness.Errors(compilation!), Is.Empty, "the source compiles");
        return (await AnalyzerHarness.AnalyzeAsync(compilation!).ConfigureAwait(false)).Where(d => d.Id == id).ToArray();
    }

    /// <summary>The code actions <paramref name="provider"/> offers for <paramref name="diagnostic"/>.</summary>
    public async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider provider, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(Document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions;
    }

    /// <summary>The document's text after <paramref name="action"/>: its one change of the solution.</summary>
    public static async Task<string> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        Assert.That(operations, Has.Length.EqualTo(1).And.All.InstanceOf<ApplyChangesOperation>(), "one change of the solution");
        var solution = ((ApplyChangesOperation)operations[0]).ChangedSolution;
        var document = solution.Projects.Single().Documents.Single();
        return (await document.GetTextAsync().ConfigureAwait(false)).ToString();
    }

    /// <summary>The document's text after Fix All in the document, for the actions with <paramref name="equivalenceKey"/>.</summary>
    public async Task<string> FixAllAsync(CodeFixProvider provider, string equivalenceKey, string id)
    {
        var diagnostics = await DiagnosticsAsync(id).ConfigureAwait(false);
        var fixAll = provider.GetFixAllProvider();
        Assert.That(fixAll, Is.Not.Null, "the provider supports Fix All");
        var context = new FixAllContext(
            Document, provider, FixAllScope.Document, equivalenceKey, [id], new Diagnostics(diagnostics), CancellationToken.None);
        var action = await fixAll!.GetFixAsync(context).ConfigureAwait(false);
        Assert.That(action, Is.Not.Null, "a Fix All action");
        return await ApplyAsync(action!).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the analyzers on <paramref name="source"/>, expects one <paramref name="id"/>, applies the action of
    /// <paramref name="provider"/> titled <paramref name="title"/> (the only one when null) and returns the new text.
    /// </summary>
    public static async Task<string> FixAsync(
        string source, string id, CodeFixProvider provider, string? title = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
    {
        using var workspace = new LoopWorkspace(source, kind);
        var diagnostics = await workspace.DiagnosticsAsync(id).ConfigureAwait(false);
        Assert.That(diagnostics, Has.Length.EqualTo(1), $"one {id}");
        var actions = await workspace.ActionsAsync(provider, diagnostics[0]).ConfigureAwait(false);
        var action = title is null ? actions.SingleOrDefault() : actions.SingleOrDefault(a => a.Title == title);
        Assert.That(action, Is.Not.Null, $"the fix offers '{title}': {string.Join(", ", actions.Select(a => a.Title))}");
        return await ApplyAsync(action!).ConfigureAwait(false);
    }

    /// <summary>Hands Fix All the diagnostics the analyzers reported.</summary>
    private sealed class Diagnostics(Diagnostic[] diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
