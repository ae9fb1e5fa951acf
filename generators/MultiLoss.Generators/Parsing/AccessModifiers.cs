using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MultiLoss.Generators.Parsing;

/// <summary>Whether a declaration spells out its accessibility.</summary>
internal static class AccessModifiers
{
    public static bool AnyWritten(SyntaxTokenList modifiers)
    {
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.InternalKeyword)
                || modifier.IsKind(SyntaxKind.ProtectedKeyword) || modifier.IsKind(SyntaxKind.PrivateKeyword))
            {
                return true;
            }
        }
        return false;
    }
}
