using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>One term of what a loop backpropagates: a weight times a loss, the loss a local of the iteration or an expression.</summary>
internal sealed record WeightedTerm(double Weight, IOperation Loss, ILocalSymbol? Local);

/// <summary>Reads <c>0.7 * l1 + l2 * 0.3</c> (through locals that are sums themselves, such as a total) as weighted terms.</summary>
internal static class WeightedTerms
{
    public static bool TryParse(
        IOperation expression, IReadOnlyDictionary<ILocalSymbol, IOperation> iterationTensors, TorchSymbols torch, List<WeightedTerm> terms)
        => Parse(expression, 1.0, iterationTensors, torch, terms, depth: 0);

    /// <summary>A numeric constant, as the double it converts to (<c>0.3f</c> is 0.30000001192092896).</summary>
    public static bool TryGetConstant(IOperation operation, out double value)
    {
        value = 0;
        var constant = WithoutConversions(operation).ConstantValue;
        if (!constant.HasValue) return false;
        switch (constant.Value)
        {
            case double d: value = d; break;
            case float f: value = f; break;
            case int i: value = i; break;
            case long l: value = l; break;
            case decimal m: value = (double)m; break;
            default: return false;
        }
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }

    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    private static bool Parse(
        IOperation expression, double scale, IReadOnlyDictionary<ILocalSymbol, IOperation> iterationTensors, TorchSymbols torch,
        List<WeightedTerm> terms, int depth)
    {
        if (depth > 16) return false;
        var operation = WithoutConversions(expression);
        if (!torch.IsTensor(operation.Type)) return false;
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum:
                return Parse(sum.LeftOperand, scale, iterationTensors, torch, terms, depth + 1)
                    && Parse(sum.RightOperand, scale, iterationTensors, torch, terms, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                if (TryGetConstant(product.LeftOperand, out var left)) return left >= 0 && Parse(product.RightOperand, scale * left, iterationTensors, torch, terms, depth + 1);
                if (TryGetConstant(product.RightOperand, out var right)) return right >= 0 && Parse(product.LeftOperand, scale * right, iterationTensors, torch, terms, depth + 1);
                break;
            case ILocalReferenceOperation reference when iterationTensors.TryGetValue(reference.Local, out var value):
                if (IsSumOrScaled(value, torch)) return Parse(value, scale, iterationTensors, torch, terms, depth + 1);
                terms.Add(new WeightedTerm(scale, operation, reference.Local));
                return true;
        }
        terms.Add(new WeightedTerm(scale, operation, null));
        return true;
    }

    private static bool IsSumOrScaled(IOperation value, TorchSymbols torch)
        => WithoutConversions(value) switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product
                => TryGetConstant(product.LeftOperand, out _) || TryGetConstant(product.RightOperand, out _),
            ILocalReferenceOperation => true,
            _ => false,
        };

    /// <summary>Two terms name the same loss: the same local, or expressions written alike.</summary>
    public static bool SameLoss(WeightedTerm a, WeightedTerm b)
        => a.Local is not null || b.Local is not null
            ? SymbolEqualityComparer.Default.Equals(a.Local, b.Local)
            : a.Loss.Syntax.IsEquivalentTo(b.Loss.Syntax, topLevel: false);

    public static bool SameWeight(double a, double b) => Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a));
}
