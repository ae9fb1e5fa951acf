using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>
/// Why a random configuration must get a diagnostic: the id it should get and what the configuration generator did.
/// Also used for the warnings a valid configuration gets on purpose.
/// </summary>
internal sealed record Fault(string Id, string Why)
{
    public override string ToString() => $"{Id}: {Why}";
}

/// <summary>
/// A trainer configuration as data, which <see cref="RandomTrainer"/> builds and mutates and <see cref="Render"/>
/// turns into one source file. Names are kept as C# identifiers (a keyword with its <c>@</c>); <see cref="Bare"/>
/// gives the name the symbol has.
/// </summary>
internal sealed class TrainerModel
{
    public string? Namespace;
    public bool FileScopedNamespace;
    public List<ContainerModel> Containers = [];

    public string Name = "Trainer";
    public string Access = "public";
    /// <summary>"", "sealed" or "abstract".</summary>
    public string Extra = "";
    public bool Partial = true;
    public bool Static;
    public bool Generic;
    public bool Record;
    /// <summary>The trainer attribute's Backward argument, e.g. <c>BackwardMode.Separate</c>; null when omitted.</summary>
    public string? Backward;

    public List<PhaseModel> Phases = [];
    public bool SkipNonFinite;
    /// <summary>The [ClipGradNorm] argument, or null.</summary>
    public string? ClipGradNorm;
    /// <summary>The [AccumulateGradients] argument, or null.</summary>
    public string? Accumulate;
    /// <summary>A weighting or aggregation method's attribute, e.g. <c>UncertaintyWeighting</c>, or null.</summary>
    public string? Method;
    public List<DataMemberModel> Models = [];
    public List<DataMemberModel> Optimizers = [];
    /// <summary>The user-declared steps; empty for the default <c>Step(Tensor input, Tensor target)</c>.</summary>
    public List<StepModel> Steps = [];
    public List<ForwardModel> Forwards = [];
    public List<LossModel> Losses = [];
    /// <summary>Other members, as source text (helper methods for Until, overloads, clashing members).</summary>
    public List<string> ExtraMembers = [];

    /// <summary>A base class declared next to the trainer's outermost type, and its members as source text; null for none.</summary>
    public string? BaseName;
    public List<string> BaseMembers = [];
    /// <summary>Attributes (e.g. <c>GateOn(0.5), Phase(1)</c>) on a helper method that is no loss, which have no effect; or null.</summary>
    public string? MisplacedOnHelper;

    /// <summary>The trainer lists IDisposable itself.</summary>
    public bool ListsDisposable;

    public List<Fault> Faults = [];

    /// <summary>The trainer is written as two partial declarations: the second holds the losses and the other members.</summary>
    public bool Split;
    /// <summary>With <see cref="Split"/>, the class's [Phase] attributes go on the second declaration.</summary>
    public bool PhasesOnSecondPart;

    /// <summary>The name a symbol gets from an identifier: without the <c>@</c> of a keyword, with a unicode escape decoded.</summary>
    public static string Bare(string identifier) => identifier.TrimStart('@').Replace("\\u0054", "T");

    public bool IsSeparate => Backward == "BackwardMode.Separate";

    /// <summary>The names the step binds: the declared step's parameters, else input and target.</summary>
    public List<string> StepParameterNames()
        => Steps.Count == 0 ? ["input", "target"] : Steps[0].Parameters.Select(p => Bare(p.Name)).ToList();

    /// <summary>The forward outputs: <c>output</c> for a model forward or a Tensor [Forward], else the tuple's element names.</summary>
    public List<string> OutputNames()
        => Forwards.Count == 0 || !Forwards[0].IsTuple ? ["output"] : Forwards[0].Elements.Where(e => e.Name is not null).Select(e => Bare(e.Name!)).ToList();

    public List<string> AvailableNames() => [.. StepParameterNames(), .. OutputNames()];

    /// <summary>The first loss without a gate, or null.</summary>
    public LossModel? Primary => Losses.FirstOrDefault(l => l.Gate is null);

    public LossModel? Watched(LossModel loss) => loss.Gate is null ? null : loss.Gate.Target ?? (loss.Gate.RawOn is null ? Primary : null);

    public List<int> PhaseNumbers() => Phases.Select(p => p.Number).Distinct().OrderBy(n => n).ToList();

    /// <summary>The declared phases a loss takes part in: all of them without [Phase], else the ones it names.</summary>
    public List<int> PhasesOf(LossModel loss) => loss.Phases.Count == 0 ? PhaseNumbers() : loss.Phases.Distinct().OrderBy(n => n).ToList();

    public string HintName
    {
        get
        {
            var prefix = Namespace is null ? "" : Namespace.Replace("@", "") + ".";
            foreach (var container in Containers) prefix += Bare(container.Name) + ".";
            return prefix + Bare(Name) + ".MultiLoss.g.cs";
        }
    }

    /// <summary>The hint names of other trainers in the file (a trainer this one is nested in), which are always valid.</summary>
    public List<string> OtherHintNames
    {
        get
        {
            var prefix = Namespace is null ? "" : Namespace.Replace("@", "") + ".";
            return Containers.Where(c => c.IsTrainer).Select(c => prefix + Bare(c.Name) + ".MultiLoss.g.cs").ToList();
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("using MultiLoss;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n");
        var indent = "";
        if (Namespace is not null)
        {
            if (FileScopedNamespace)
            {
                text.Append("namespace ").Append(Namespace).Append(";\n\n");
            }
            else
            {
                text.Append("namespace ").Append(Namespace).Append("\n{\n");
                indent = "    ";
            }
        }
        if (BaseName is not null)
        {
            text.Append(indent).Append("/// <summary>A base class of the trainer.</summary>\n");
            text.Append(indent).Append("public abstract class ").Append(BaseName).Append('\n').Append(indent).Append("{\n");
            foreach (var baseMember in BaseMembers)
            {
                text.Append(indent).Append("    /// <summary>A base member.</summary>\n");
                text.Append(indent).Append("    ").Append(baseMember).Append('\n');
            }
            text.Append(indent).Append("}\n\n");
        }
        foreach (var container in Containers)
        {
            text.Append(indent).Append("/// <summary>A type around the trainer.</summary>\n");
            if (container.IsTrainer) text.Append(indent).Append("[MultiLossTrainer]\n");
            text.Append(indent).Append(container.Declaration()).Append('\n');
            text.Append(indent).Append("{\n");
            indent += "    ";
            if (container.IsTrainer) text.Append(ContainerModel.TrainerMembers(indent));
        }

        text.Append(indent).Append("/// <summary>A random trainer.</summary>\n");
        text.Append(indent).Append(Backward is null ? "[MultiLossTrainer]" : $"[MultiLossTrainer(Backward = {Backward})]").Append('\n');
        var split = Split && Partial;
        if (!(split && PhasesOnSecondPart)) foreach (var phase in Phases) text.Append(indent).Append(phase.Attribute()).Append('\n');
        if (SkipNonFinite) text.Append(indent).Append("[SkipNonFinite]\n");
        if (ClipGradNorm is not null) text.Append(indent).Append("[ClipGradNorm(").Append(ClipGradNorm).Append(")]\n");
        if (Accumulate is not null) text.Append(indent).Append("[AccumulateGradients(").Append(Accumulate).Append(")]\n");
        if (Method is not null) text.Append(indent).Append('[').Append(Method).Append("]\n");
        var modifiers = new List<string> { Access };
        if (Static) modifiers.Add("static");
        if (Extra.Length > 0) modifiers.Add(Extra);
        if (Partial) modifiers.Add("partial");
        modifiers.Add(Record ? "record" : "class");
        text.Append(indent).Append(string.Join(" ", modifiers)).Append(' ').Append(Name).Append(Generic ? "<TItem>" : "")
            .Append(BaseName is not null ? " : " + BaseName : ListsDisposable ? " : System.IDisposable" : "").Append('\n');
        text.Append(indent).Append("{\n");

        var member = indent + "    ";
        var modelName = Models.Count > 0 ? Models[0].Name : null;
        foreach (var model in Models) text.Append(model.Render(member, "Model"));
        foreach (var optimizer in Optimizers) text.Append(optimizer.Render(member, "Optimizer"));
        foreach (var step in Steps) text.Append(step.Render(member));
        foreach (var forward in Forwards) text.Append(forward.Render(member, modelName));
        if (split)
        {
            text.Append(indent).Append("}\n\n");
            if (PhasesOnSecondPart) foreach (var phase in Phases) text.Append(indent).Append(phase.Attribute()).Append('\n');
            text.Append(indent).Append("partial ").Append(Record ? "record" : "class").Append(' ').Append(Name).Append(Generic ? "<TItem>" : "").Append('\n');
            text.Append(indent).Append("{\n");
        }
        foreach (var loss in Losses) text.Append(loss.Render(member));
        if (MisplacedOnHelper is not null)
        {
            text.Append(member).Append("/// <summary>A helper, not a loss.</summary>\n");
            text.Append(member).Append('[').Append(MisplacedOnHelper).Append("] private Tensor Helper(Tensor output) => output.mean();\n");
        }
        foreach (var extra in ExtraMembers)
        {
            text.Append(member).Append("/// <summary>Another member.</summary>\n");
            text.Append(member).Append(extra).Append('\n');
        }

        text.Append(indent).Append("}\n");
        for (var i = 0; i < Containers.Count; i++)
        {
            indent = indent.Substring(4);
            text.Append(indent).Append("}\n");
        }
        if (Namespace is not null && !FileScopedNamespace) text.Append("}\n");
        return text.ToString();
    }
}

/// <summary>A type the trainer is nested in.</summary>
internal sealed class ContainerModel
{
    /// <summary>"class", "struct", "record", "record struct", "interface" or "static class".</summary>
    public string Keyword = "class";
    public string Name = "Outer";
    public bool Partial = true;
    public bool Generic;
    /// <summary>The container is a valid trainer itself (always a partial class).</summary>
    public bool IsTrainer;

    /// <summary>The members of a container that is a trainer: a weighted pair of losses.</summary>
    public static string TrainerMembers(string indent) => $$"""
        {{indent}}/// <summary>The outer model.</summary>
        {{indent}}[Model] private readonly nn.Module<Tensor, Tensor> outerModel = null!;
        {{indent}}/// <summary>The outer optimizer.</summary>
        {{indent}}[Optimizer] private readonly optim.Optimizer outerOptimizer = null!;
        {{indent}}/// <summary>A loss.</summary>
        {{indent}}[Loss(0.5)] private Tensor OuterFit(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);
        {{indent}}/// <summary>A loss.</summary>
        {{indent}}[Loss(0.5), GateOn(1.0)] private Tensor OuterNorm(Tensor output) => output.abs().mean();

        """;

    public string Declaration()
    {
        var keyword = Keyword == "static class" ? "static " + (Partial ? "partial " : "") + "class" : (Partial ? "partial " : "") + Keyword;
        return $"public {keyword} {Name}{(Generic ? "<TOuter>" : "")}";
    }
}

/// <summary>A <c>[Model]</c> or <c>[Optimizer]</c> field or property.</summary>
internal sealed class DataMemberModel
{
    public string Name = "model";
    public string Type = "nn.Module<Tensor, Tensor>";
    /// <summary>"field", "readonly", "get", "getset" or "getinit".</summary>
    public string Kind = "readonly";
    public string Access = "private";
    public bool Static;

    public string Render(string indent, string attribute)
    {
        var modifiers = Access + (Static ? " static" : "");
        var declaration = Kind switch
        {
            "field" => $"{modifiers} {Type} {Name} = null!;",
            "readonly" => $"{modifiers} readonly {Type} {Name} = null!;",
            "get" => $"{modifiers} {Type} {Name} {{ get; }} = null!;",
            "getinit" when !Static => $"{modifiers} {Type} {Name} {{ get; init; }} = null!;",
            "set" => $"{modifiers} {Type} {Name} {{ set {{ }} }}",
            _ => $"{modifiers} {Type} {Name} {{ get; set; }} = null!;",
        };
        return $"{indent}/// <summary>The {attribute.ToLowerInvariant()}.</summary>\n{indent}[{attribute}] {declaration}\n";
    }
}

/// <summary>A parameter of a step, forward or loss.</summary>
internal sealed class ParameterModel
{
    public string Type = "Tensor";
    public string Name = "input";
    /// <summary>"", "ref", "in", "out" or "params".</summary>
    public string Modifier = "";

    public bool IsPlainTensor => Modifier.Length == 0 && Type is "Tensor" or "torch.Tensor" or "Tensor?";

    /// <summary>The parameter as the body uses it: a nullable one with <c>!</c>, so the user code has no warning of its own.</summary>
    public string Use => Type.EndsWith('?') ? Name + "!" : Name;

    public string Render() => Modifier switch
    {
        "" => $"{Type} {Name}",
        "params" => $"params {Type}[] {Name}",
        _ => $"{Modifier} {Type} {Name}",
    };
}

/// <summary>A user-declared partial step.</summary>
internal sealed class StepModel
{
    public string Name = "Step";
    public string Modifiers = "public";
    public bool Static;
    public bool Generic;
    public string ReturnType = "StepResult";
    public List<ParameterModel> Parameters = [];

    public string Render(string indent)
    {
        var modifiers = Modifiers + (Static ? " static" : "");
        var parameters = string.Join(", ", Parameters.Select(p => p.Render()));
        return $"{indent}/// <summary>The step.</summary>\n{indent}{modifiers} partial {ReturnType} {Name}{(Generic ? "<TStep>" : "")}({parameters});\n";
    }
}

/// <summary>A <c>[Forward]</c> method.</summary>
internal sealed class ForwardModel
{
    public string Name = "Forward";
    public bool Static;
    public bool Generic;
    /// <summary>"Tensor", "tuple" or "int".</summary>
    public string Kind = "Tensor";
    /// <summary>The tuple's elements: type and name (null for an unnamed element).</summary>
    public List<(string Type, string? Name)> Elements = [];
    public List<ParameterModel> Parameters = [];

    public bool IsTuple => Kind == "tuple";

    public string Render(string indent, string? model)
    {
        var first = Parameters.FirstOrDefault(p => p.IsPlainTensor)?.Use;
        string Tensor(int k) => first is null ? "torch.zeros(1)" : k == 0 ? first + ".relu()" : $"{first}.mul({k + 1})";
        var (type, value) = Kind switch
        {
            "Tensor" => ("Tensor", Tensor(0)),
            "tuple" => ("(" + string.Join(", ", Elements.Select(e => e.Name is null ? e.Type : e.Type + " " + e.Name)) + ")",
                        "(" + string.Join(", ", Elements.Select((e, k) => e.Type == "Tensor" ? Tensor(k) : "default!")) + ")"),
            _ => ("int", "0"),
        };
        var modifiers = "private" + (Static ? " static" : "");
        var parameters = string.Join(", ", Parameters.Select(p => p.Render()));
        var use = model is null || Static ? "" : $"_ = this.{model}; ";
        return $"{indent}/// <summary>The forward pass.</summary>\n{indent}[Forward]\n{indent}{modifiers} {type} {Name}{(Generic ? "<TForward>" : "")}({parameters})\n{indent}{{\n{indent}    {use}{Outs(Parameters)}return {value};\n{indent}}}\n";
    }

    internal static string Outs(List<ParameterModel> parameters)
        => string.Concat(parameters.Where(p => p.Modifier == "out").Select(p => $"{p.Name} = default!; "));
}

/// <summary>A <c>[GateOn]</c> on a loss.</summary>
internal sealed class GateModel
{
    public string Threshold = "0.5";
    /// <summary>The loss named by <c>On</c>; null with <see cref="RawOn"/> null for the default (the primary loss).</summary>
    public LossModel? Target;
    /// <summary>How <see cref="Target"/> is named: <c>nameof</c> or a string literal.</summary>
    public bool TargetByNameof = true;
    /// <summary>An <c>On</c> expression that names no loss, e.g. <c>"Nothing"</c>.</summary>
    public string? RawOn;
    public string? Mode;
    public string? Latch;
    /// <summary>The Evaluation argument (<c>GateEvaluation.Host</c> or <c>.Device</c>), or null for the default (host).</summary>
    public string? Evaluation;

    public bool OnDevice => Evaluation == "GateEvaluation.Device";

    /// <summary>The threshold is 0 or less, which a non-negative loss is never below (warning ML0049).</summary>
    public bool IsThresholdNotPositive => Threshold is "0" or "-1" or "double.NegativeInfinity";

    public string Render()
    {
        var arguments = new List<string> { Threshold };
        if (Target is not null) arguments.Add("On = " + (TargetByNameof ? $"nameof({Target.Name})" : $"\"{TrainerModel.Bare(Target.Name)}\""));
        else if (RawOn is not null) arguments.Add("On = " + RawOn);
        if (Mode is not null) arguments.Add("Mode = " + Mode);
        if (Latch is not null) arguments.Add("Latch = " + Latch);
        if (Evaluation is not null) arguments.Add("Evaluation = " + Evaluation);
        return $"GateOn({string.Join(", ", arguments)})";
    }
}

/// <summary>A <c>[Phase]</c> on the class.</summary>
internal sealed class PhaseModel
{
    public int Number;
    public string? Backward;
    public string? Steps;
    /// <summary>The Until expression, e.g. <c>nameof(Converged)</c>.</summary>
    public string? Until;

    public bool IsSeparate(TrainerModel trainer) => Backward is null ? trainer.IsSeparate : Backward == "BackwardMode.Separate";

    public string Attribute()
    {
        var arguments = new List<string> { Number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (Backward is not null) arguments.Add("Backward = " + Backward);
        if (Steps is not null) arguments.Add("Steps = " + Steps);
        if (Until is not null) arguments.Add("Until = " + Until);
        return $"[Phase({string.Join(", ", arguments)})]";
    }
}

/// <summary>A <c>[Loss]</c> method with its gate and phases.</summary>
internal sealed class LossModel
{
    public string Name = "Classification";
    /// <summary>The weight argument's source, e.g. <c>0.5</c> or <c>weight: double.NaN</c>; null for <c>[Loss]</c>.</summary>
    public string? Weight;
    /// <summary>The Name argument's value, or null.</summary>
    public string? ReportName;

    /// <summary>The name reports use: the Name argument, else the method's name.</summary>
    public string EffectiveName => ReportName ?? TrainerModel.Bare(Name);
    public string ReturnType = "Tensor";
    public bool Static;
    public bool Generic;
    public List<ParameterModel> Parameters = [];
    /// <summary>The phases named by [Phase(n)] on the loss; empty: every phase.</summary>
    public List<int> Phases = [];
    public GateModel? Gate;
    /// <summary>The WarmupSteps argument, or null.</summary>
    public string? Warmup;
    /// <summary>A named argument on the first [Phase(n)] of the loss (<c>Steps = 3</c>), which has no effect there; or null.</summary>
    public string? MisplacedPhaseArgument;

    /// <summary>The Updates argument (e.g. <c>nameof(head)</c>), or null.</summary>
    public string? Updates;

    public bool IsRamped => Warmup is not null && Warmup != "0";

    public string Render(string indent)
    {
        var loss = new List<string>();
        if (Weight is not null) loss.Add(Weight);
        if (ReportName is not null) loss.Add("Name = " + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(ReportName, quote: true));
        if (Warmup is not null) loss.Add("WarmupSteps = " + Warmup);
        if (Updates is not null) loss.Add("Updates = " + Updates);
        var attributes = new List<string> { loss.Count == 0 ? "Loss" : $"Loss({string.Join(", ", loss)})" };
        attributes.AddRange(Phases.Select((p, k) => k == 0 && MisplacedPhaseArgument is not null ? $"Phase({p}, {MisplacedPhaseArgument})" : $"Phase({p})"));
        if (Gate is not null) attributes.Add(Gate.Render());

        var tensors = Parameters.Where(p => p.IsPlainTensor).Select(p => p.Use).ToList();
        var value = ReturnType switch
        {
            "void" => null,
            "double" => "0.0",
            "int" => "0",
            "Tensor[]" => "[]",
            _ => tensors.Count switch
            {
                0 => "torch.zeros(1).sum()",
                1 => tensors[0] + ".pow(2).mean()",
                _ => $"nn.functional.mse_loss({tensors[0]}, {tensors[1]})",
            },
        };
        var modifiers = "private" + (Static ? " static" : "");
        var parameters = string.Join(", ", Parameters.Select(p => p.Render()));
        var body = value is null ? ForwardModel.Outs(Parameters) : $"{ForwardModel.Outs(Parameters)}return {value};";
        return $"{indent}/// <summary>A loss.</summary>\n{Layout(attributes, indent)}{indent}{modifiers} {ReturnType} {Name}{(Generic ? "<TLoss>" : "")}({parameters}) {{ {body} }}\n";
    }

    /// <summary>Attributes in one list or one per line, decided by the attribute count so rendering stays deterministic.</summary>
    private static string Layout(List<string> attributes, string indent)
        => attributes.Count % 2 == 0
            ? $"{indent}[{string.Join(", ", attributes)}]\n"
            : string.Concat(attributes.Select(a => $"{indent}[{a}]\n"));
}
