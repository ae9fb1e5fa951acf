using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// The README's strategy table against the generator: each row's declaration (<see cref="StrategyRows"/>) is generated,
/// and the backward calls its step makes must be the ones the row's "one step" cell shows, in order.
/// </summary>
public sealed class StrategyTableTests
{
    private static string[][] Rows => Markdown.TableRows(Markdown.Section(Repository.Read("README.md"), "## The strategies")).ToArray();

    public static string[] RowNames => StrategyRows.Sources.Keys.ToArray();

    [Test]
    public void The_table_has_exactly_the_rows_that_are_checked()
    {
        Assert.That(Rows.Select(r => r[0]), Is.EqualTo(RowNames));
    }

    [TestCaseSource(nameof(RowNames))]
    public void The_row_declares_what_its_trainer_declares(string row)
    {
        var declaration = Markdown.CodeSpans(Cell(row, 1)).First();

        Assert.That(Squeezed(StrategyRows.Sources[row]), Does.Contain(Squeezed(declaration)), $"'{declaration}' in the trainer checked for '{row}'");
    }

    [TestCaseSource(nameof(RowNames))]
    public void The_row_shows_the_backward_calls_of_the_generated_step(string row)
    {
        var trainer = GeneratedCompilation.Of(StrategyRows.Sources[row], OutputKind.DynamicallyLinkedLibrary);
        Assert.That(trainer.Problems(), Is.Empty, "the row's trainer is valid");

        var generated = BackwardCall.InGeneratedStep(trainer.Generated).Select(c => c.ToString()).ToList();
        var shown = BackwardCall.InTableCell(Markdown.CodeSpans(Cell(row, 2))).Select(c => c.ToString()).ToList();

        Assert.That(shown, Is.EqualTo(generated), $"the backward calls of '{row}'");
    }

    private static string Cell(string row, int column) => Rows.Single(r => r[0] == row)[column];

    private static string Squeezed(string code) => Regex.Replace(code, @"\s+", "");
}
