using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>The repository these tests were built from, and the docs in it.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    /// <summary>The Markdown files users read (the README, docs/, each example's README), relative to the root.</summary>
    public static IReadOnlyList<string> Docs { get; } = DocTables.DocFiles.Find(Root).Select(Relative).ToList();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).Replace("\r\n", "\n");

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
