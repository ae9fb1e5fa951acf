using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// Every code block a doc marks as a whole program (info string <c>csharp program</c>, docs/writing-docs.md) compiles
/// as one file with the generator, as a console application, and runs to the end, printing something.
/// </summary>
public sealed class CompleteProgramTests
{
    public const string ProgramInfo = "csharp program";

    public static IEnumerable<TestCaseData> Programs() =>
        from doc in Repository.Docs
        from block in Markdown.CodeBlocks(Repository.Read(doc))
        where block.Info == ProgramInfo
        select new TestCaseData(doc, block.Line).SetArgDisplayNames($"{doc}:{block.Line}");

    [Test]
    public void The_quick_start_is_one_block_marked_as_a_whole_program()
    {
        var quickStart = Markdown.Section(Repository.Read("README.md"), "## Quick start");

        Assert.That(Markdown.CodeBlocks(quickStart).Select(b => b.Info), Is.EqualTo(new[] { ProgramInfo }));
    }

    [Test]
    public void The_quick_start_shows_its_gate_opening()
    {
        var quickStart = Markdown.Section(Repository.Read("README.md"), "## Quick start");
        var program = GeneratedCompilation.Of(Markdown.CodeBlocks(quickStart).Single().Code, OutputKind.ConsoleApplication);
        Assert.That(program.Problems(), Is.Empty, "generator diagnostics and compile errors");

        var output = InMemoryProgram.Run(program);

        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("gate=False"), "the regularizer waits for the classification loss");
        Assert.That(output, Does.Contain("gate=True"), "and is switched on within the run");
    }

    [Test]
    public void The_custom_weighting_method_example_learns_the_classification()
    {
        var example = Markdown.Section(Repository.Read("docs/methods.md"), "## A complete example");
        var program = GeneratedCompilation.Of(Markdown.CodeBlocks(example).First(b => b.Info == ProgramInfo).Code, OutputKind.ConsoleApplication);
        Assert.That(program.Problems(), Is.Empty, "generator diagnostics and compile errors");

        var output = InMemoryProgram.Run(program);

        TestContext.Out.WriteLine(output);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var classification = double.Parse(last.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(classification, Is.LessThan(0.8 * Math.Log(4)), "below chance (ln 4 for four classes) by the last step printed");
    }

    [TestCaseSource(nameof(Programs))]
    public void The_program_compiles_with_the_generator_and_runs(string doc, int line)
    {
        var code = Markdown.CodeBlocks(Repository.Read(doc)).Single(b => b.Line == line).Code;

        var program = GeneratedCompilation.Of(code, OutputKind.ConsoleApplication);

        Assert.That(program.Problems(), Is.Empty, "generator diagnostics and compile errors");
        Assert.That(program.Generated, Is.Not.Empty, "the generator wrote a trainer");
        var output = InMemoryProgram.Run(program);
        Assert.That(output, Is.Not.Empty, "the program prints what it trained");
    }
}
