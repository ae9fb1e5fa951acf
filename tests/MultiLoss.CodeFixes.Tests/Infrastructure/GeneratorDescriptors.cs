using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators;
using NUnit.Framework;

namespace MultiLoss.CodeFixes.Tests.Infrastructure;

/// <summary>
/// The generator's diagnostic descriptors, read by reflection: they are internal to MultiLoss.Generators, and these
/// tests check the code fix's ids and the documentation against them.
/// </summary>
internal static class GeneratorDescriptors
{
    private const string TypeName = "MultiLoss.Generators.Validation.DiagnosticDescriptors";

    /// <summary>Every descriptor by field name, in declaration order.</summary>
    public static IReadOnlyDictionary<string, DiagnosticDescriptor> All()
    {
        var type = typeof(MultiLossGenerator).Assembly.GetType(TypeName);
        Assert.That(type, Is.Not.Null, TypeName);
        return type!.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .ToDictionary(f => f.Name, f => (DiagnosticDescriptor)f.GetValue(null)!);
    }
}
