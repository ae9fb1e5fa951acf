using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MultiLoss.Docs.Tests.Infrastructure;
using MultiLoss.Package.Tests;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// Every <c>sh</c> or <c>bash</c> block of the docs (but the package docs', which tests/MultiLoss.Package.Tests runs)
/// runs as written: the whole block through bash as one script that stops at the first failing command, from the
/// doc's folder, in a copy of the repository, with <c>MULTILOSS_CHECK_ONLY=1</c> so that every command checks what it
/// is given and does no long work (docs/writing-docs.md, "Commands").
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ShellBlockTests
{
    private static readonly TimeSpan BlockTimeout = TimeSpan.FromMinutes(10);

    private RepositoryCopy copy = null!;

    public static IEnumerable<TestCaseData> Blocks() =>
        DocBlock.OfKind(BlockKind.Commands).Select(b => new TestCaseData(b.Doc, b.Block.Line).SetArgDisplayNames(b.Location));

    [OneTimeSetUp]
    public void CopyTheRepository() => copy = RepositoryCopy.Make();

    [OneTimeTearDown]
    public void RemoveTheCopy() => copy?.Dispose();

    [TestCaseSource(nameof(Blocks))]
    public void The_block_runs_as_written_from_its_docs_folder(string doc, int line)
    {
        var block = Markdown.CodeBlocks(Repository.Read(doc)).Single(b => b.Line == line);
        var folder = Path.Combine(copy.Root, Path.GetDirectoryName(doc)!);

        var run = ChildProcess.Run("bash", folder, BlockTimeout, new Dictionary<string, string> { ["MULTILOSS_CHECK_ONLY"] = "1" },
            "-c", "set -euo pipefail\n" + block.Code);

        TestContext.Out.WriteLine(run.Describe());
        Assert.That(run.ExitCode, Is.Zero, $"the block at {doc}:{line}, run from {Path.GetDirectoryName(doc)}/ with MULTILOSS_CHECK_ONLY=1: " + run.Describe());
        Assert.That(Regex.Count(run.Output, "^options OK: ", RegexOptions.Multiline), Is.GreaterThanOrEqualTo(ProgramRuns(block.Code)),
            "each command that runs an example or the benchmarks reached the program's own check of its options; " + run.Describe());
    }

    /// <summary>A command line that starts an example or the benchmarks program (comments aside).</summary>
    [GeneratedRegex(@"(build\.sh (run|fashion|toy)\b|\bdotnet run\b|record-[a-z]+-run\.sh\b)")]
    private static partial Regex ProgramRun();

    private static int ProgramRuns(string block) =>
        block.Split('\n').Count(commandLine => ProgramRun().IsMatch(commandLine.Split('#')[0]));

    [GeneratedRegex(@"^\./build\.sh test(\s|$)", RegexOptions.Multiline)]
    private static partial Regex ReadmeTestCommand();

    [Test]
    public void The_CI_runs_the_READMEs_test_command()
    {
        var readme = Markdown.CodeBlocks(Repository.Read("README.md")).First(b => b.Info == "sh").Code;
        var ci = Repository.Read(".ci/run");

        Assert.Multiple(() =>
        {
            Assert.That(ReadmeTestCommand().IsMatch(readme), Is.True, "the README's first commands include ./build.sh test");
            Assert.That(ReadmeTestCommand().IsMatch(ci), Is.True, ".ci/run runs ./build.sh test, the command the README gives");
        });
    }
}
