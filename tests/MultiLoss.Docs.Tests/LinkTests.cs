using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MultiLoss.Docs.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Docs.Tests;

/// <summary>
/// What the docs point at is there for a reader of this repository: relative links resolve inside it (anchors
/// included), web addresses are on the allow-list, and nothing refers to files or tracker issues the reader does not have.
/// </summary>
public sealed partial class LinkTests
{
    /// <summary>Hosts a doc may link to: papers, the data set and its licence, packages.</summary>
    private static readonly string[] AllowedHosts = ["doi.org", "arxiv.org", "creativecommons.org"];

    public static IEnumerable<string> Docs => Repository.Docs;

    [GeneratedRegex(@"https?://(?<host>[^/\s)>`]+)[^\s)>`]*")]
    private static partial Regex WebAddress();

    /// <summary>A path into a <c>shared/</c> folder, which is not part of the repository.</summary>
    [GeneratedRegex(@"(^|[\s(`'""\[])(\.\./)*shared/")]
    private static partial Regex SharedFolder();

    /// <summary>The word issue followed by a number, or a hash and a number: the readers have no tracker these numbers belong to.</summary>
    [GeneratedRegex(@"\b[Ii]ssues? #?\d+|(?<![\w&/])#\d+\b")]
    private static partial Regex IssueNumber();

    [TestCaseSource(nameof(Docs))]
    public void Relative_links_resolve_inside_the_repository(string doc)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Repository.Root, doc))!;
        var broken = new List<string>();
        foreach (var (target, line) in Markdown.Links(Repository.Read(doc)))
        {
            if (target.StartsWith("http://", StringComparison.Ordinal) || target.StartsWith("https://", StringComparison.Ordinal)) continue;
            var (path, anchor) = Split(target);
            var file = path.Length == 0 ? Path.Combine(Repository.Root, doc) : Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(path)));
            if (!file.StartsWith(Repository.Root + "/", StringComparison.Ordinal)) broken.Add($"line {line}: {target} leaves the repository");
            else if (!File.Exists(file) && !Directory.Exists(file)) broken.Add($"line {line}: {target} does not exist");
            else if (anchor is not null && !Anchors.In(File.ReadAllText(file)).Contains(anchor)) broken.Add($"line {line}: {target} has no anchor '{anchor}'");
        }

        Assert.That(broken, Is.Empty);
    }

    [TestCaseSource(nameof(Docs))]
    public void Web_addresses_are_on_the_allow_list(string doc)
    {
        var hosts = WebAddress().Matches(Markdown.WithoutCodeBlocks(Repository.Read(doc))).Select(m => m.Value)
            .Where(address => !AllowedHosts.Contains(new Uri(address).Host));

        Assert.That(hosts, Is.Empty, $"allowed hosts: {string.Join(", ", AllowedHosts)}");
    }

    [TestCaseSource(nameof(Docs))]
    public void Nothing_refers_to_a_shared_folder_or_an_issue_number(string doc)
    {
        var text = Repository.Read(doc);

        Assert.Multiple(() =>
        {
            Assert.That(SharedFolder().Matches(text).Select(m => m.Value.Trim()), Is.Empty, "paths into shared/");
            Assert.That(IssueNumber().Matches(text).Select(m => m.Value), Is.Empty, "issue numbers");
        });
    }

    /// <summary>Comments in the code say why, not which tracker issue asked for it.</summary>
    [Test]
    public void No_source_file_refers_to_an_issue_number()
    {
        var folders = new[] { "src", "generators", "examples", "tests", "eng" };
        var extensions = new[] { ".cs", ".csproj", ".props", ".sh" };
        var found = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(Repository.Root, f), "*", SearchOption.AllDirectories))
            .Where(path => extensions.Contains(Path.GetExtension(path)) && !Repository.Relative(path).Split('/').Any(p => p is "bin" or "obj"))
            .SelectMany(path => IssueNumber().Matches(File.ReadAllText(path)).Select(m => $"{Repository.Relative(path)}: {m.Value}"));

        Assert.That(found, Is.Empty);
    }

    private static (string Path, string? Anchor) Split(string target)
    {
        var hash = target.IndexOf('#');
        return hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
    }
}
