using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MultiLoss.CodeFixes;

/// <summary>Adds <c>partial</c> to trainers and to the types around them, as C# requires for a generated part.</summary>
internal static class PartialTypes
{
    /// <summary>The <paramref name="trainers"/> and the types that contain them, outermost first, that are not partial yet.</summary>
    public static List<TypeDeclarationSyntax> NotYetPartial(IEnumerable<TypeDeclarationSyntax> trainers)
    {
        var targets = new List<TypeDeclarationSyntax>();
        foreach (var trainer in trainers)
        {
            foreach (var type in trainer.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Reverse())
            {
                if (!IsPartial(type) && !targets.Contains(type)) targets.Add(type);
            }
        }
        return targets;
    }

    public static bool IsPartial(TypeDeclarationSyntax type) => type.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>
    /// Adds <c>partial</c> as the last modifier, right before <c>class</c>/<c>struct</c>/<c>record</c>/<c>interface</c> as C#
    /// requires. It takes over the leading trivia of the type keyword (indentation, or a doc comment when there are no
    /// modifiers and no attributes), and one space separates it from the keyword.
    /// </summary>
    public static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (IsPartial(type)) return type;
        var keyword = type.Keyword;
        var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(type.Modifiers.Add(partial));
    }
}
