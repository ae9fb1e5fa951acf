using System;
using System.IO;
using System.Linq;
using System.Reflection;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Reporters;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>
/// Approves generated source against <c>Snapshots/&lt;name&gt;.approved.cs</c> in the test project. On a mismatch
/// ApprovalTests writes <c>&lt;name&gt;.received.cs</c> next to it (git-ignored) and fails; approve a change by
/// renaming the received file over the approved one.
/// </summary>
internal static class Snapshot
{
    /// <summary>The test project's snapshot folder, recorded at build time (see the csproj), so it does not depend on source paths in the PDB.</summary>
    public static string Directory { get; } = Path.Combine(ProjectDirectory(), "Snapshots");

    public static void Verify(string name, string text)
        => Approvals.Verify(new ApprovalTextWriter(text, "cs"), new Namer(name), QuietReporter.INSTANCE);

    private static string ProjectDirectory()
        => typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
               .SingleOrDefault(a => a.Key == "ProjectDirectory")?.Value
           ?? throw new InvalidOperationException("The test assembly does not record its ProjectDirectory.");

    private sealed class Namer(string name) : IApprovalNamer
    {
        public string SourcePath => Directory;

        public string Name => name;
    }
}
