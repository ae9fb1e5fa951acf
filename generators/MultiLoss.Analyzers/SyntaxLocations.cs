using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace MultiLoss.Analyzers;

/// <summary>The narrow spans the loop analyzers report at, and the text they quote.</summary>
internal static class SyntaxLocations
{
    /// <summary><c>backward()</c> in <c>loss.backward()</c>: from the method name to the end of the call.</summary>
    public static Location CallFromName(IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        if (syntax is not InvocationExpressionSyntax call) return syntax.GetLocation();
        var name = call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => call.Expression,
        };
        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, call.Span.End));
    }

    /// <summary>The receiver of a call as written (<c>optimizer</c> in <c>optimizer.step()</c>), or the call itself.</summary>
    public static string ReceiverText(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }) return member.Expression.ToString();
        var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
        return receiver?.Syntax.ToString() ?? invocation.Syntax.ToString();
    }

    /// <summary>The keyword that opens the loop: <c>for</c>, <c>foreach</c>, <c>while</c> or <c>do</c>.</summary>
    public static Location LoopKeyword(ILoopOperation loop)
    {
        var keyword = loop.Syntax switch
        {
            ForStatementSyntax forLoop => forLoop.ForKeyword,
            CommonForEachStatementSyntax forEach => forEach.ForEachKeyword,
            WhileStatementSyntax whileLoop => whileLoop.WhileKeyword,
            DoStatementSyntax doLoop => doLoop.DoKeyword,
            _ => loop.Syntax.GetFirstToken(),
        };
        return keyword.GetLocation();
    }
}
