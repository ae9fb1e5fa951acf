using System;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;

namespace MultiLoss.Testing;

/// <summary>
/// What a user's project compiles against in the tests that compile one with Roslyn: .NET 10's reference assemblies,
/// TorchSharp and the MultiLoss runtime. Linked into every test project that runs the generator on source of its own.
/// </summary>
internal static class UserProjectReferences
{
    public static ImmutableArray<MetadataReference> Runtime { get; } =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(LossAttribute).Assembly.Location),
    ];

    /// <summary><see cref="Runtime"/> and the assemblies of <paramref name="types"/> (MultiLoss.Logging, a logging library).</summary>
    public static ImmutableArray<MetadataReference> With(params Type[] types) =>
        Runtime.AddRange(types.Select(type => (MetadataReference)MetadataReference.CreateFromFile(type.Assembly.Location)));
}
