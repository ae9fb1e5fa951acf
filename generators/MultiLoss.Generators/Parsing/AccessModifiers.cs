using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MultiLoss.Generators.Parsing;

/// <summary>What the modifiers of a declaration say about its accessibility.</summary>
internal static class AccessModifiers
{
    /// <summary>Modifiers with which C# demands an implementation of a partial method: an accessibility, or one of these.</summary>
    public static bool RequireImplementation(SyntaxTokenList modifiers)
    {
        if (AnyWritten(modifiers)) return true;
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.VirtualKeyword) || modifier.IsKind(SyntaxKind.OverrideKeyword) || modifier.IsKind(SyntaxKind.SealedKeyword)
                || modifier.IsKind(SyntaxKind.NewKeyword) || modifier.IsKind(SyntaxKind.ExternKeyword))
            {
                return true;
            }
        }
        return false;
    }

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
