using System.Linq;
using NUnit.Framework;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

internal static class ParameterAssert
{
    /// <summary>Asserts that two models with the same architecture hold equal parameters, to <paramref name="tolerance"/> absolute.</summary>
    public static void Equal(nn.Module expected, nn.Module actual, double tolerance)
    {
        using var scope = NewDisposeScope();
        var expectedParameters = expected.named_parameters().ToArray();
        var actualParameters = actual.named_parameters().ToArray();
        Assert.That(actualParameters, Has.Length.EqualTo(expectedParameters.Length));
        for (var i = 0; i < expectedParameters.Length; i++)
        {
            var (name, hand) = expectedParameters[i];
            var generated = actualParameters[i].parameter;
            var difference = (hand - generated).abs().max().item<float>();
            Assert.That(difference, Is.LessThanOrEqualTo(tolerance), $"parameter {name} differs by {difference}");
        }
    }

    /// <summary>True when some parameter moved away from its initial value, so an equality check is not vacuous.</summary>
    public static bool Changed(nn.Module model, nn.Module initial)
    {
        using var scope = NewDisposeScope();
        var before = initial.parameters().ToArray();
        var after = model.parameters().ToArray();
        for (var i = 0; i < after.Length; i++)
        {
            if ((after[i] - before[i]).abs().max().item<float>() > 1e-4f) return true;
        }
        return false;
    }
}
