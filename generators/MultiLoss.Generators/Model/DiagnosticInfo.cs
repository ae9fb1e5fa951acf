using Microsoft.CodeAnalysis;

namespace MultiLoss.Generators.Model;

/// <summary>A diagnostic to report, held as plain values (descriptor, location, message arguments).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs)
        => new(descriptor, location, messageArgs.ToEquatableArray());

    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

    /// <summary>The diagnostic, located in <paramref name="tree"/> (the syntax tree of <see cref="Location"/>'s file, when there is one).</summary>
    public Diagnostic ToDiagnostic(SyntaxTree? tree)
    {
        var args = new object[MessageArgs.Count];
        for (var i = 0; i < args.Length; i++) args[i] = MessageArgs[i];
        return Diagnostic.Create(Descriptor, Location?.ToLocation(tree), args);
    }
}
