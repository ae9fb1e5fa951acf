using System.Linq;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// Every fenced block of every doc is of a kind some test checks (docs/writing-docs.md, "Code blocks"): a program or a
/// fragment that is compiled, commands that are run, package references that are restored, output from a recorded run,
/// or the README's layout. A block of any other kind would be checked by nothing.
/// </summary>
public sealed class BlockKindTests
{
    [Test]
    public void Every_fenced_block_is_of_a_kind_that_a_test_checks()
    {
        var unknown = DocBlock.All().Where(b => b.Kind is null).Select(b => $"{b.Location}: ```{b.Block.Info}").ToList();

        Assert.That(unknown, Is.Empty,
            "blocks no test checks: the kinds are `csharp program`, `csharp`, `sh`/`bash`, `xml` (package references in README.md " +
            "and src/MultiLoss/PACKAGE.md), `text` (a generated output-tail section, or the README's layout); see docs/writing-docs.md");
    }

    [Test]
    public void Only_csharp_fragments_declare_a_context()
    {
        var misplaced = DocBlock.All().Where(b => b.Block.Context is not null && b.Kind != BlockKind.Fragment).Select(b => b.Location).ToList();

        Assert.That(misplaced, Is.Empty, "a context comment before a block that is not a C# fragment would be ignored");
    }
}
