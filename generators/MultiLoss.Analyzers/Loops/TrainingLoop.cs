using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Loops;

/// <summary>
/// A loop whose body (lambdas inside it aside) calls both an optimizer's <c>step()</c> and a tensor's
/// <c>backward()</c>, with what it does to the gradients.
/// </summary>
internal sealed class TrainingLoop
{
    private TrainingLoop(
        ILoopOperation loop, ImmutableArray<IInvocationOperation> steps, ImmutableArray<IInvocationOperation> backwards,
        bool zeroesGradients, bool containsTrainingLoop)
    {
        Loop = loop;
        Steps = steps;
        Backwards = backwards;
        ZeroesGradients = zeroesGradients;
        ContainsTrainingLoop = containsTrainingLoop;
    }

    public ILoopOperation Loop { get; }

    public ImmutableArray<IInvocationOperation> Steps { get; }

    public ImmutableArray<IInvocationOperation> Backwards { get; }

    /// <summary>
    /// Whether anything in the body may zero the gradients: <c>zero_grad()</c>, a <c>grad</c> set (to null) or
    /// zeroed in place, or a call that hands the optimizer, a module or parameters to code outside TorchSharp,
    /// which the analyzer cannot see into.
    /// </summary>
    public bool ZeroesGradients { get; }

    /// <summary>Whether a loop inside this one is a training loop itself (then that one is the loop that trains).</summary>
    public bool ContainsTrainingLoop { get; }

    /// <summary>The training loop <paramref name="loop"/> is, or null when it is not one.</summary>
    public static TrainingLoop? Find(ILoopOperation loop, TorchSymbols torch)
    {
        var steps = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var backwards = ImmutableArray.CreateBuilder<IInvocationOperation>();
        var zeroes = false;
        var containsTrainingLoop = false;
        foreach (var operation in BodyWalker.Operations(loop.Body))
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (torch.IsOptimizerStep(method)) steps.Add(invocation);
                    else if (torch.IsBackward(method)) backwards.Add(invocation);
                    else if (torch.IsZeroGrad(method) || IsGradZeroedInPlace(invocation, torch) || HandsOverTraining(invocation, torch)) zeroes = true;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } when torch.IsGrad(target.Property):
                    zeroes = true;
                    break;
                case ILoopOperation inner when !containsTrainingLoop:
                    containsTrainingLoop = Find(inner, torch) is not null;
                    break;
            }
        }
        if (steps.Count == 0 || backwards.Count == 0) return null;
        return new TrainingLoop(loop, steps.ToImmutable(), backwards.ToImmutable(), zeroes, containsTrainingLoop);
    }

    /// <summary><c>p.grad.zero_()</c> or <c>p.grad?.zero_()</c>.</summary>
    private static bool IsGradZeroedInPlace(IInvocationOperation invocation, TorchSymbols torch)
    {
        if (!torch.IsZeroInPlace(invocation.TargetMethod)) return false;
        var receiver = invocation.Instance;
        if (receiver is IConditionalAccessInstanceOperation)
        {
            for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    receiver = access.Operation;
                    break;
                }
            }
        }
        return receiver is IPropertyReferenceOperation property && torch.IsGrad(property.Property);
    }

    private static bool HandsOverTraining(IInvocationOperation invocation, TorchSymbols torch)
    {
        if (torch.IsFromTorchSharp(invocation.TargetMethod)) return false;
        return IsTraining(invocation.Instance?.Type, torch) || invocation.Arguments.Any(a => IsTraining(WithoutConversion(a.Value).Type, torch));
    }

    private static IOperation WithoutConversion(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    private static bool IsTraining(ITypeSymbol? type, TorchSymbols torch)
        => torch.IsOptimizer(type) || torch.IsModule(type) || torch.IsParameters(type);
}
