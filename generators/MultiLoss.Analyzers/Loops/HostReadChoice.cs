using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Loops;

/// <summary>
/// Whether a host read of a loss (<c>l1.item&lt;float&gt;()</c>) serves only to choose what a training loop
/// backpropagates: its value goes, directly or through a local of the iteration, only into the conditions of ifs and
/// conditional expressions, and each of those chooses a backward. Then a device-side gate gives the same gradients
/// without the sync; if the value is also printed, stored or accumulated, the sync stays anyway.
/// </summary>
internal static class HostReadChoice
{
    public static bool OnlyChoosesBackward(IInvocationOperation read, TorchSymbols torch)
    {
        if (InnermostTrainingLoop(read, torch) is not { } loop) return false;
        if (!Decisions(read, loop, out var decisions) || decisions.Count == 0) return false;
        if (!decisions.All(d => ChoosesBackward(d, loop, torch))) return false;
        return !OtherUnconditionalHostRead(read, loop, torch);
    }

    private static TrainingLoop? InnermostTrainingLoop(IOperation operation, TorchSymbols torch)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return null;
            if (current is ILoopOperation loop && TrainingLoop.Find(loop, torch) is { } training) return training;
        }
        return null;
    }

    /// <summary>The conditionals whose conditions the value of <paramref name="read"/> flows into; false if it flows anywhere else.</summary>
    private static bool Decisions(IInvocationOperation read, TrainingLoop loop, out List<IConditionalOperation> decisions)
    {
        decisions = new List<IConditionalOperation>();
        var (use, parent) = Use(read);
        if (parent is IConditionalOperation conditional && conditional.Condition == use)
        {
            decisions.Add(conditional);
            return true;
        }
        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == use => target.Local,
            _ => null,
        };
        if (local is null || !IsDeclaredIn(local, loop.Loop)) return false;

        foreach (var reference in loop.Loop.Body.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference && assignment == parent) continue;
            var (referenceUse, referenceParent) = Use(reference);
            if (referenceParent is not IConditionalOperation decision || decision.Condition != referenceUse) return false;
            if (!BodyWalker.IsInBodyOf(reference, loop.Loop)) return false;
            decisions.Add(decision);
        }
        return true;
    }

    /// <summary>The largest expression around <paramref name="value"/> that only compares or converts it, and what holds that.</summary>
    private static (IOperation Use, IOperation? Parent) Use(IOperation value)
    {
        var use = value;
        while (use.Parent is IConversionOperation or IBinaryOperation or IUnaryOperation
               || use.Parent is IPropertyReferenceOperation property && property.Instance == use)
        {
            use = use.Parent;
        }
        return (use, use.Parent);
    }

    private static bool IsDeclaredIn(ILocalSymbol local, ILoopOperation loop)
        => local.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == loop.Syntax.SyntaxTree && loop.Body.Syntax.Span.Contains(r.Span));

    /// <summary>An if with a backward in a branch, or that sets what is backpropagated; a conditional expression that is backpropagated.</summary>
    private static bool ChoosesBackward(IConditionalOperation decision, TrainingLoop loop, TorchSymbols torch)
    {
        if (decision.Type is null)
        {
            foreach (var branch in new[] { decision.WhenTrue, decision.WhenFalse })
            {
                if (branch is null) continue;
                foreach (var operation in BodyWalker.Operations(branch))
                {
                    if (operation is IInvocationOperation invocation && torch.IsBackward(invocation.TargetMethod)) return true;
                    if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && IsBackpropagated(target.Local, loop)) return true;
                }
            }
            return false;
        }

        var (use, parent) = Use(decision);
        return parent switch
        {
            IInvocationOperation invocation => invocation.Instance == use && torch.IsBackward(invocation.TargetMethod),
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => IsBackpropagated(declarator.Symbol, loop),
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => IsBackpropagated(target.Local, loop),
            _ => false,
        };
    }

    private static bool IsBackpropagated(ILocalSymbol local, TrainingLoop loop)
        => loop.Backwards.Any(b => b.Instance is { } receiver
            && receiver.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(r => SymbolEqualityComparer.Default.Equals(r.Local, local)));

    /// <summary>Another host read that runs on every iteration: that sync stays, so avoiding this one gains little.</summary>
    private static bool OtherUnconditionalHostRead(IInvocationOperation read, TrainingLoop loop, TorchSymbols torch)
    {
        foreach (var operation in BodyWalker.Operations(loop.Loop.Body))
        {
            if (operation is not IInvocationOperation other || other == read || !torch.IsHostRead(other.TargetMethod)) continue;
            if (!UnderCondition(other, loop.Loop)) return true;
        }
        return false;
    }

    private static bool UnderCondition(IOperation operation, ILoopOperation loop)
    {
        for (var child = operation; child.Parent is { } parent && parent != loop; child = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition != child:
                case ISwitchOperation:
                case ISwitchExpressionOperation:
                case ILoopOperation:
                case IConditionalAccessOperation access when access.Operation != child:
                case ICoalesceOperation coalesce when coalesce.Value != child:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical when logical.LeftOperand != child:
                    return true;
            }
        }
        return false;
    }
}
