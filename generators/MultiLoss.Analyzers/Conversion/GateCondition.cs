using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// The condition of a threshold gate: a loss of the iteration read on the host (<c>item&lt;T&gt;()</c>,
/// <c>ToSingle()</c>, <c>ToDouble()</c>) below a constant, written <c>l1.item&lt;float&gt;() &lt; 0.3</c> or
/// <c>0.3 &gt; ...</c>, directly or through a bool local of the iteration. Strictly below, as the gate opens (NaN never does).
/// </summary>
internal static class GateCondition
{
    public static bool TryRead(
        IOperation condition, IReadOnlyDictionary<ILocalSymbol, IOperation> iterationTensors, IReadOnlyDictionary<ILocalSymbol, IOperation> flags,
        TorchSymbols torch, out ILocalSymbol watched, out double threshold, out bool thresholdIsSingle)
    {
        watched = null!;
        threshold = 0;
        thresholdIsSingle = false;
        var test = WeightedTerms.WithoutConversions(condition);
        if (test is ILocalReferenceOperation flag && flags.TryGetValue(flag.Local, out var value)) test = WeightedTerms.WithoutConversions(value);
        if (test is not IBinaryOperation comparison) return false;

        IOperation read, limit;
        switch (comparison.OperatorKind)
        {
            case BinaryOperatorKind.LessThan:
                (read, limit) = (comparison.LeftOperand, comparison.RightOperand);
                break;
            case BinaryOperatorKind.GreaterThan:
                (read, limit) = (comparison.RightOperand, comparison.LeftOperand);
                break;
            default:
                return false;
        }
        if (!WeightedTerms.TryGetConstant(limit, out threshold)) return false;
        thresholdIsSingle = WeightedTerms.WithoutConversions(limit).Type?.SpecialType == SpecialType.System_Single;
        if (WeightedTerms.WithoutConversions(read) is not IInvocationOperation call || !torch.IsHostRead(call.TargetMethod)) return false;
        if (call.Type?.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double)) return false;
        var tensor = call.Instance ?? (call.Arguments.Length == 1 ? call.Arguments[0].Value : null);
        if (tensor is null || WeightedTerms.WithoutConversions(tensor) is not ILocalReferenceOperation loss) return false;
        if (!iterationTensors.ContainsKey(loss.Local)) return false;
        watched = loss.Local;
        return true;
    }
}
