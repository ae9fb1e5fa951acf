using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>References to the model and the optimizer: read without computing anything, and the same before the loop as in it.</summary>
internal static class References
{
    /// <summary>A local declared outside <paramref name="loop"/>, a parameter, or a field or property of one (or of this).</summary>
    public static bool IsStable(IOperation? operation, ILoopOperation loop)
        => operation is not null && WeightedTerms.WithoutConversions(operation) switch
        {
            ILocalReferenceOperation local => !DeclaredIn(local.Local, loop),
            IParameterReferenceOperation => true,
            IInstanceReferenceOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsStable(field.Instance, loop),
            IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Instance is null || IsStable(property.Instance, loop),
            _ => false,
        };

    /// <summary>Whether two stable references name the same thing.</summary>
    public static bool Same(IOperation? a, IOperation? b)
    {
        if (a is null || b is null) return a is null && b is null;
        a = WeightedTerms.WithoutConversions(a);
        b = WeightedTerms.WithoutConversions(b);
        return (a, b) switch
        {
            (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
            (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IMemberReferenceOperation x, IMemberReferenceOperation y)
                => SymbolEqualityComparer.Default.Equals(x.Member, y.Member) && Same(x.Instance, y.Instance),
            _ => false,
        };
    }

    public static bool DeclaredIn(ILocalSymbol local, ILoopOperation loop)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == loop.Syntax.SyntaxTree && loop.Syntax.Span.Contains(reference.Span)) return true;
        }
        return false;
    }
}
