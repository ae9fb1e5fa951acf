using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// The condition of phases by step count: <c>i &lt; N</c>, i the counter of a <c>for (var i = 0; ...; i++)</c> loop that
/// the body does not change, N a positive constant. Then iteration i is step i + 1 of a trainer made before the loop.
/// </summary>
internal static class PhaseCondition
{
    public static bool TryRead(IOperation condition, ILoopOperation loop, out int firstPhaseSteps)
    {
        firstPhaseSteps = 0;
        if (WeightedTerms.WithoutConversions(condition) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } comparison) return false;
        if (WeightedTerms.WithoutConversions(comparison.LeftOperand) is not ILocalReferenceOperation counter) return false;
        if (comparison.RightOperand.ConstantValue is not { HasValue: true, Value: int steps } || steps <= 0) return false;
        if (!IsCounter(counter.Local, loop)) return false;
        firstPhaseSteps = steps;
        return true;
    }

    private static bool IsCounter(ILocalSymbol local, ILoopOperation loop)
    {
        if (loop is not IForLoopOperation { Before.Length: 1, AtLoopBottom.Length: 1 } forLoop) return false;
        if (forLoop.Before[0] is not IVariableDeclarationGroupOperation { Declarations: [{ Declarators: [var declarator] } declaration] }) return false;
        var start = declarator.Initializer ?? declaration.Initializer;
        if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) || start?.Value.ConstantValue is not { HasValue: true, Value: 0 }) return false;
        if (!IsIncrementByOne(forLoop.AtLoopBottom[0], local)) return false;
        return !loop.Body.DescendantsAndSelf().Any(o => Writes(o, local));
    }

    private static bool IsIncrementByOne(IOperation operation, ILocalSymbol local)
    {
        if (operation is IExpressionStatementOperation statement) operation = statement.Operation;
        return operation switch
        {
            IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target } => Is(target, local),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: 1 } } => Is(target, local),
            _ => false,
        };
    }

    private static bool Writes(IOperation operation, ILocalSymbol local)
        => operation switch
        {
            IAssignmentOperation { Target: ILocalReferenceOperation target } => Is(target, local),
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } => Is(target, local),
            IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: ILocalReferenceOperation target } => Is(target, local),
            _ => false,
        };

    private static bool Is(ILocalReferenceOperation reference, ILocalSymbol local) => SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
