using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using MultiLoss.Runtime;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>
/// What IntelliSense offers a user of the runtime: the generated code's helpers are public only so that the code
/// generated into the user's project can call them, and are hidden; the host solvers are not public at all.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Runtime = typeof(TrainerState).Assembly;

    /// <summary>The types of <c>MultiLoss.Runtime</c> a user names: a trainer's saved state, the native library's check and its error.</summary>
    private static readonly Type[] ForUsers = [typeof(TrainerState), typeof(TorchNative), typeof(TorchUnavailableException)];

    [Test]
    public void Every_public_type_of_the_runtime_namespace_but_those_for_users_is_hidden_from_IntelliSense()
    {
        var shown = Runtime.GetExportedTypes()
            .Where(type => type.Namespace == "MultiLoss.Runtime" && !ForUsers.Contains(type) && !type.IsNested)
            .Where(type => type.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never)
            .Select(type => type.Name);

        Assert.That(shown, Is.Empty, "mark the generated code's helpers [EditorBrowsable(EditorBrowsableState.Never)], or make them internal");
    }

    [Test]
    public void The_types_for_users_in_the_runtime_namespace_are_shown()
    {
        foreach (var type in ForUsers)
            Assert.That(type.GetCustomAttribute<EditorBrowsableAttribute>(), Is.Null, type.Name);
    }

    [Test]
    public void No_host_solver_and_no_gradient_engine_is_public()
    {
        var exported = Runtime.GetExportedTypes().Select(type => type.FullName!).ToArray();

        Assert.That(exported.Where(name => name.StartsWith("MultiLoss.Methods.Solvers.", StringComparison.Ordinal)), Is.Empty);
        Assert.That(exported, Has.None.EqualTo("MultiLoss.Runtime.GradientEngine"));
        Assert.That(exported.Length, Is.GreaterThan(100), "the assembly's public types are read");
    }
}
