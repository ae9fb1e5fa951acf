using System;
using System.Linq;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>
/// Every public exception of the runtime has .NET's three standard constructors (none, a message, a message and the
/// exception that caused it), so user code can create, wrap and rethrow it as any other exception.
/// </summary>
public sealed class ExceptionConstructorTests
{
    private static readonly Type[] Exceptions = typeof(LossAttribute).Assembly.GetExportedTypes()
        .Where(type => typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void The_runtime_has_its_exceptions()
        => Assert.That(Exceptions.Select(type => type.Name), Is.SupersetOf(new[] { "LossComputationException", "ForwardPassException", "MetricComputationException", "AggregationSolverException", "TorchUnavailableException" }));

    [TestCaseSource(nameof(Exceptions))]
    public void An_exception_has_the_standard_constructors(Type type)
    {
        var cause = new InvalidOperationException("cause");

        var none = (Exception)Activator.CreateInstance(type)!;
        var withMessage = (Exception)Activator.CreateInstance(type, "what happened")!;
        var withCause = (Exception)Activator.CreateInstance(type, "what happened", cause)!;

        Assert.That(none.Message, Is.Not.Empty);
        Assert.That(withMessage.Message, Is.EqualTo("what happened"));
        Assert.That((withCause.Message, withCause.InnerException), Is.EqualTo(("what happened", (Exception)cause)));
    }
}
