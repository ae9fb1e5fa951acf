using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// Where the conversion can put what it writes: the trainer's creation before the loop (a statement of a block, or a
/// top-level statement), and the trainer nested in the types around the loop (none of them an interface or generic,
/// which a trainer cannot be nested in).
/// </summary>
internal static class ConversionSite
{
    public static bool Supports(ILoopOperation loop)
    {
        if (loop.Syntax.Parent is not (BlockSyntax or GlobalStatementSyntax)) return false;
        return loop.Syntax.Ancestors().OfType<TypeDeclarationSyntax>()
            .All(type => type is not InterfaceDeclarationSyntax && type.TypeParameterList is null);
    }
}
