using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Model;

namespace MultiLoss.Generators.Validation;

/// <summary>Collects the diagnostics of one trainer while the rules run.</summary>
internal sealed class DiagnosticBag
{
    private readonly ImmutableArray<DiagnosticInfo>.Builder diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs)
    {
        var diagnostic = DiagnosticInfo.Create(descriptor, location, messageArgs);
        HasErrors |= diagnostic.IsError;
        diagnostics.Add(diagnostic);
    }

    public EquatableArray<DiagnosticInfo> ToEquatableArray() => diagnostics.ToEquatableArray();
}
