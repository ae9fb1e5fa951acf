using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MultiLoss.CodeFixes;

/// <summary>Adds <c>partial</c> to a type declaration, where C# wants it: last among the modifiers, right before the type keyword.</summary>
internal static class PartialModifier
{
    public static bool IsPartial(TypeDeclarationSyntax type) => type.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>
    /// Adds <c>partial</c> as the last modifier. It takes over the leading trivia of the type keyword (indentation, or a
    /// doc comment when there are no modifiers and no attributes), and one space separates it from the keyword.
    /// </summary>
    public static TypeDeclarationSyntax Add(TypeDeclarationSyntax type)
    {
        if (IsPartial(type)) return type;
        var keyword = type.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(type.Modifiers.Add(partial));
    }
}
