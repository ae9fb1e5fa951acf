using System;
using System.IO;
using System.Linq;
using MultiLoss.Package.Tests;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>
/// The repository's files (tracked, and new ones git does not ignore) copied into a temporary folder and committed
/// there as one commit, so that commands can build and run in it as in a fresh clone (the record scripts ask git for
/// the commit) while other test projects build the real checkout.
/// </summary>
internal sealed class RepositoryCopy : IDisposable
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    private RepositoryCopy(string root) => Root = root;

    public string Root { get; }

    public static RepositoryCopy Make()
    {
        var copy = new RepositoryCopy(Directory.CreateTempSubdirectory("multiloss-docs-commands-").FullName);
        var listed = Git(Repository.Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        foreach (var file in listed.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(f => f.TrimEnd('\n', '\r')))
        {
            var source = Path.Combine(Repository.Root, file);
            if (!File.Exists(source)) continue;   // deleted in the working tree, not yet in the index
            var target = Path.Combine(copy.Root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        Git(copy.Root, "init", "-q");
        Git(copy.Root, "add", "-A");
        Git(copy.Root, "-c", "user.name=MultiLoss docs tests", "-c", "user.email=docs-tests@localhost", "commit", "-q", "-m", "the working tree under test");
        return copy;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static ChildProcess Git(string folder, params string[] arguments)
    {
        var git = ChildProcess.Run("git", folder, GitTimeout, null, arguments);
        Assert.That(git.ExitCode, Is.Zero, git.Describe());
        return git;
    }
}
