using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// The step's parameters, collected from the forward's input and the data the losses read: each distinct piece of
/// data (a local, a parameter, a field or property of one) becomes one parameter, named after it. A loss expression is
/// accepted only if it can move into the trainer as it is: it reads the forward output, data, constants and static
/// members, and nothing of the enclosing instance or of the iteration's other tensors.
/// </summary>
internal sealed class StepInputs
{
    /// <summary>The name a loss method's parameter must have to bind to the model's output.</summary>
    public const string OutputName = "output";

    private readonly TorchSymbols torch;
    private readonly ILocalSymbol output;
    private readonly IReadOnlyCollection<ILocalSymbol> iterationLocals;
    private readonly List<StepInput> inputs = new();
    private readonly Dictionary<string, string> namesByText = new();

    public StepInputs(TorchSymbols torch, ILocalSymbol output, IReadOnlyCollection<ILocalSymbol> iterationLocals)
    {
        this.torch = torch;
        this.output = output;
        this.iterationLocals = iterationLocals;
    }

    public ImmutableArray<StepInput> All => inputs.ToImmutableArray();

    /// <summary>The model's input: the step's first parameter.</summary>
    public void AddModelInput(IOperation argument) => NameFor(argument, IsData(argument) ? null : "input");

    /// <summary>How <paramref name="loss"/> reads in the trainer; false if it cannot move there.</summary>
    public bool TryDescribe(IOperation loss, out ImmutableArray<Replacement> replacements, out ImmutableArray<string> parameters)
    {
        var found = new List<Replacement>();
        var names = new List<string>();
        var ok = Visit(loss, found, names);
        replacements = found.ToImmutableArray();
        parameters = names.ToImmutableArray();
        return ok;
    }

    private bool Visit(IOperation operation, List<Replacement> replacements, List<string> parameters)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local, output):
                replacements.Add(new Replacement(local.Syntax.Span, OutputName));
                AddOnce(parameters, OutputName);
                return true;
            case ILocalReferenceOperation local when iterationLocals.Contains(local.Local, SymbolEqualityComparer.Default):
                return false;
            case IAnonymousFunctionOperation or IInstanceReferenceOperation or IDelegateCreationOperation:
                return false;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction }:
                return false;
            case IInvocationOperation { Instance: IInstanceReferenceOperation }:
                return false;
        }
        if (torch.IsTensor(operation.Type) && IsData(operation))
        {
            var name = NameFor(operation, null);
            replacements.Add(new Replacement(operation.Syntax.Span, name));
            AddOnce(parameters, name);
            return true;
        }
        switch (operation)
        {
            case ILocalReferenceOperation { Local.IsConst: true } constant:
                replacements.Add(new Replacement(constant.Syntax.Span, SymbolDisplay.FormatPrimitive(constant.ConstantValue.Value!, quoteStrings: true, useHexadecimalNumbers: false)));
                return true;
            case ILocalReferenceOperation or IParameterReferenceOperation:
                // A number or a flag of the method: in the trainer it is not there.
                return false;
            case IMemberReferenceOperation { Instance: IInstanceReferenceOperation }:
                // Something of the enclosing instance other than a tensor: the trainer has no such instance.
                return false;
        }
        foreach (var child in operation.ChildOperations)
        {
            if (!Visit(child, replacements, parameters)) return false;
        }
        return true;
    }

    /// <summary>Data: a local or parameter, a field or property of data, an element of it; read without computing anything.</summary>
    private bool IsData(IOperation operation)
        => operation switch
        {
            ILocalReferenceOperation local => !SymbolEqualityComparer.Default.Equals(local.Local, output)
                                              && !iterationLocals.Contains(local.Local, SymbolEqualityComparer.Default),
            IParameterReferenceOperation => true,
            IInstanceReferenceOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsData(field.Instance),
            IPropertyReferenceOperation property => (property.Instance is null || IsData(property.Instance)) && property.Arguments.All(a => IsIndex(a.Value)),
            IArrayElementReferenceOperation element => IsData(element.ArrayReference) && element.Indices.All(IsIndex),
            IConversionOperation { IsImplicit: true } conversion => IsData(conversion.Operand),
            _ => false,
        };

    private bool IsIndex(IOperation index) => index.ConstantValue.HasValue || IsData(index);

    private string NameFor(IOperation data, string? preferred)
    {
        var text = data.Syntax.ToString();
        if (namesByText.TryGetValue(text, out var known)) return known;
        var name = Unique(preferred ?? BaseName(data));
        namesByText.Add(text, name);
        inputs.Add(new StepInput(name, data));
        return name;
    }

    private static string BaseName(IOperation data)
    {
        var name = data switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IMemberReferenceOperation { Member: { } member } when member is not IPropertySymbol { IsIndexer: true } => member.Name,
            IConversionOperation conversion => BaseName(conversion.Operand),
            IArrayElementReferenceOperation element => Singular(BaseName(element.ArrayReference)),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection } => Singular(BaseName(collection)),
            _ => "input",
        };
        return name.Length == 0 ? "input" : char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>An element of <c>inputs</c> is an <c>input</c>; of <c>x</c>, an <c>xItem</c>.</summary>
    private static string Singular(string collection)
        => collection.Length > 1 && collection.EndsWith("s", System.StringComparison.Ordinal) ? collection.Substring(0, collection.Length - 1) : collection + "Item";

    private string Unique(string name)
    {
        var candidate = name;
        for (var i = 2; candidate == OutputName || candidate.StartsWith("__", System.StringComparison.Ordinal)
                        || SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None || inputs.Any(input => input.Name == candidate); i++)
        {
            candidate = name + i;
        }
        return candidate;
    }

    private static void AddOnce(List<string> names, string name)
    {
        if (!names.Contains(name)) names.Add(name);
    }
}
