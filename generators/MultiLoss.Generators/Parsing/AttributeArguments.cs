using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Parsing;

/// <summary>Reads attribute argument values and the locations of the arguments in source.</summary>
internal static class AttributeArguments
{
    public static object? Constructor(AttributeData attribute, int index)
        => index < attribute.ConstructorArguments.Length ? attribute.ConstructorArguments[index].Value : null;

    public static object? Named(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name) return argument.Value.Value;
        }
        return null;
    }

    /// <summary>The location of positional argument <paramref name="index"/>, else of the whole attribute.</summary>
    public static LocationInfo? ConstructorLocation(AttributeData attribute, int index)
    {
        if (Syntax(attribute) is not { } syntax) return null;
        var positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(index);
        return LocationInfo.From(positional) ?? LocationInfo.From(syntax);
    }

    /// <summary>
    /// The text of positional argument <paramref name="index"/> when it divides one integer literal by another (<c>1/3</c>,
    /// which C# computes as the integer 0), else null.
    /// </summary>
    public static string? IntegerDivision(AttributeData attribute, int index)
    {
        var positional = Syntax(attribute)?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ElementAtOrDefault(index);
        var expression = positional?.Expression;
        while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
        return expression is BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.DivideExpression } division
            && IsIntegerLiteral(division.Left) && IsIntegerLiteral(division.Right)
            ? division.ToString() : null;
    }

    private static bool IsIntegerLiteral(ExpressionSyntax expression)
        => expression is LiteralExpressionSyntax { Token.Value: int or long or uint or ulong };

    /// <summary>The location of named argument <paramref name="name"/>, else of the whole attribute.</summary>
    public static LocationInfo? NamedLocation(AttributeData attribute, string name)
    {
        if (Syntax(attribute) is not { } syntax) return null;
        var named = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return LocationInfo.From(named) ?? LocationInfo.From(syntax);
    }

    public static LocationInfo? Whole(AttributeData attribute) => LocationInfo.From(Syntax(attribute));

    private static AttributeSyntax? Syntax(AttributeData attribute) => attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
}
