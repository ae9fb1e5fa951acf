using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Emit;

namespace MultiLoss.Generators.Parsing;

/// <summary>An attribute argument (a compile-time constant) as C# source that evaluates to the same value.</summary>
internal static class ConstantLiterals
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    public static string Of(TypedConstant constant)
    {
        if (constant.IsNull) return "null";
        switch (constant.Kind)
        {
            case TypedConstantKind.Array:
                var elementType = ((IArrayTypeSymbol)constant.Type!).ElementType.ToDisplayString(TypeFormat);
                return $"new {elementType}[] {{ {string.Join(", ", constant.Values.Select(Of))} }}";
            case TypedConstantKind.Type:
                return $"typeof({((ITypeSymbol)constant.Value!).ToDisplayString(TypeFormat)})";
            case TypedConstantKind.Enum:
                return $"({constant.Type!.ToDisplayString(TypeFormat)})({Primitive(constant.Value!)})";
            default:
                return Primitive(constant.Value!);
        }
    }

    /// <summary>The constant as a number, for checking bounds; null when it is not a number.</summary>
    public static double? Number(TypedConstant constant)
        => constant.Kind == TypedConstantKind.Primitive && !constant.IsNull
            ? constant.Value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                short s => s,
                sbyte sb => sb,
                byte b => b,
                ushort us => us,
                uint ui => ui,
                ulong ul => ul,
                _ => null,
            }
            : null;

    private static string Primitive(object value) => value switch
    {
        string s => CSharp.StringLiteral(s),
        bool b => b ? "true" : "false",
        char c => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(c, quote: true),
        double d => CSharp.DoubleLiteral(d),
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", CultureInfo.InvariantCulture) + "f",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        int i => i.ToString(CultureInfo.InvariantCulture),
        short s => $"(short){s.ToString(CultureInfo.InvariantCulture)}",
        ushort us => $"(ushort){us.ToString(CultureInfo.InvariantCulture)}",
        sbyte sb => $"(sbyte){sb.ToString(CultureInfo.InvariantCulture)}",
        byte b => $"(byte){b.ToString(CultureInfo.InvariantCulture)}",
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
