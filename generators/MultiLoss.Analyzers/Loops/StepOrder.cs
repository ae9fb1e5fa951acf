using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Loops;

/// <summary>Where the optimizer steps in an iteration relative to the backward.</summary>
internal static class StepOrder
{
    /// <summary>
    /// The <c>step()</c> that every iteration runs before it reaches any statement with a backward, or null. A step
    /// under a condition (accumulation: <c>if (i % k == 0) optimizer.step();</c>) is not one.
    /// </summary>
    public static IInvocationOperation? UnconditionalStepBeforeBackward(TrainingLoop loop, TorchSymbols torch)
        => Walk(loop.Loop.Body, torch, out var step) ? step : null;

    /// <summary>True when the walk is decided: a step found (<paramref name="step"/>) or a backward reached first (null).</summary>
    private static bool Walk(IOperation statement, TorchSymbols torch, out IInvocationOperation? step)
    {
        step = null;
        switch (statement)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations)
                {
                    if (Walk(inner, torch, out step)) return true;
                }
                return false;
            case IUsingOperation @using when !ContainsBackward(@using.Resources, torch):
                return Walk(@using.Body, torch, out step);
            case ILockOperation @lock:
                return Walk(@lock.Body, torch, out step);
            case ITryOperation @try:
                return Walk(@try.Body, torch, out step);
            case ILabeledOperation { Operation: { } labeled }:
                return Walk(labeled, torch, out step);
        }
        if (ContainsBackward(statement, torch)) return true;
        if (statement is not (IExpressionStatementOperation or IVariableDeclarationGroupOperation or IUsingDeclarationOperation)) return false;
        step = BodyWalker.Operations(statement).OfType<IInvocationOperation>()
            .FirstOrDefault(i => torch.IsOptimizerStep(i.TargetMethod) && !IsConditional(i, statement));
        return step is not null;
    }

    private static bool ContainsBackward(IOperation? operation, TorchSymbols torch)
        => operation is not null && BodyWalker.Operations(operation).OfType<IInvocationOperation>().Any(i => torch.IsBackward(i.TargetMethod));

    /// <summary>Whether <paramref name="operation"/> runs only on some condition within <paramref name="statement"/>.</summary>
    private static bool IsConditional(IOperation operation, IOperation statement)
    {
        for (var child = operation; child != statement && child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition != child:
                case IConditionalAccessOperation access when access.Operation != child:
                case ICoalesceOperation coalesce when coalesce.Value != child:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical when logical.LeftOperand != child:
                    return true;
            }
        }
        return false;
    }
}
