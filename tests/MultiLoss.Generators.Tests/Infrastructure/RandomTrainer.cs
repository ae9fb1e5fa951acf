using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MultiLoss.Generators.Tests.Infrastructure;

/// <summary>One random configuration: its source, the hint name of the file it should generate, and why it is invalid.</summary>
/// <param name="Faults">The faults injected on purpose: empty for a configuration built to be valid.</param>
/// <param name="Warnings">For a valid configuration, the MultiLoss warnings it was built to get (ML0026, ML0031).</param>
/// <param name="OtherHintNames">The files of other trainers in the source (one the trainer is nested in), always valid.</param>
internal sealed record TrainerCase(int Index, int Seed, string Path, string Source, string HintName, IReadOnlyList<string> OtherHintNames, IReadOnlyList<Fault> Faults, IReadOnlyList<Fault> Warnings)
{
    public bool IsValid => Faults.Count == 0;

    public override string ToString()
        => $"configuration {Index} (seed {Seed}, {Path}), {(IsValid ? "built valid" : "faults: " + string.Join("; ", Faults))}"
           + (Warnings.Count > 0 ? ", expected warnings: " + string.Join("; ", Warnings) : "");
}

/// <summary>
/// Builds random trainer configurations: first a valid one (random class shape, members, losses, weights, gates,
/// phases, bindings and names), then, for about half of them, one to three faults injected on purpose, each
/// recorded with the diagnostic it should get. Deterministic for a seed and an index.
/// </summary>
internal static class RandomTrainer
{
    /// <summary>The id of a fault that must get a MultiLoss error, whichever it is.</summary>
    public const string AnyError = "ML????";

    /// <summary>
    /// Constructs the generator gets wrong today, left out of the configurations so the test stays green; each is reported.
    /// The environment variable <c>MULTILOSS_KNOWN_GAPS</c> puts them back: <c>all</c>, or a comma-separated list of names.
    /// When the generator handles one, delete its entry and its <see cref="IsIncluded"/> check.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownGaps = new Dictionary<string, string>
    {
    };

    private static readonly HashSet<string> IncludedGaps = ParseGaps(Environment.GetEnvironmentVariable("MULTILOSS_KNOWN_GAPS"));

    /// <summary>Whether the configurations include the known gap <paramref name="name"/>.</summary>
    public static bool IsIncluded(string name) => IncludedGaps.Contains(name);

    /// <summary>The known gaps the configurations leave out.</summary>
    public static IEnumerable<string> LeftOutGaps => KnownGaps.Keys.Where(name => !IsIncluded(name));

    private static HashSet<string> ParseGaps(string? value)
        => value is null ? []
            : value.Trim() is "all" or "1" ? [.. KnownGaps.Keys]
            : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The diagnostics the configurations are built to get, each of which the run must see at least once.</summary>
    public static readonly string[] CoveredIds =
        [.. Enumerable.Range(1, 42).Concat([47, 49, 51, 52, 53]).Select(n => "ML" + n.ToString("D4", CultureInfo.InvariantCulture))];

    public static TrainerCase Build(int seed, int index)
    {
        var random = new Random(unchecked(seed + index * 1_000_003));
        var trainer = new Builder(random, index).BuildValid();
        if (random.NextDouble() < 0.5)
        {
            var count = random.NextDouble() switch { < 0.6 => 1, < 0.85 => 2, _ => 3 };
            for (var attempt = 0; attempt < 50 && trainer.Faults.Count < count; attempt++)
            {
                var injector = random.Next(Faults.Length);
                Fault? fault;
                try
                {
                    fault = Faults[injector](trainer, random);
                }
                catch (NotApplicableException)
                {
                    fault = null;
                }
                catch (Exception exception)
                {
                    throw new InvalidOperationException($"fault injector {injector} failed on configuration {index} (seed {seed})", exception);
                }
                if (fault is not null) trainer.Faults.Add(fault);
            }
        }
        var warnings = trainer.Faults.Count == 0 ? ExpectedWarnings(trainer) : [];
        return new TrainerCase(index, seed, $"Config{index}.cs", trainer.Render(), trainer.HintName, trainer.OtherHintNames, trainer.Faults, warnings);
    }

    /// <summary>
    /// ML0026 (separate backward with one loss, per phase), ML0031 (the last phase has an end), ML0042 (attributes without
    /// effect), ML0049 (a gate threshold a non-negative loss never falls below) and ML0061 (a forward output no loss takes).
    /// </summary>
    public static List<Fault> ExpectedWarnings(TrainerModel trainer)
    {
        var warnings = new List<Fault>();
        foreach (var loss in trainer.Losses.Where(l => l.Gate is { IsThresholdNotPositive: true }))
        {
            warnings.Add(new("ML0049", $"the gate of {loss.Name} has the threshold {loss.Gate!.Threshold}"));
        }
        foreach (var attribute in (trainer.MisplacedOnHelper ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            warnings.Add(new("ML0042", $"[{attribute}] on a method that is no loss"));
        }
        foreach (var loss in trainer.Losses.Where(l => l.MisplacedPhaseArgument is not null))
        {
            warnings.Add(new("ML0042", $"{loss.MisplacedPhaseArgument} on the [Phase] of the loss {loss.Name}"));
        }
        if (trainer.Forwards.Count == 1)
        {
            foreach (var output in trainer.OutputNames().Where(o => !trainer.Losses.Any(l => l.Parameters.Any(p => TrainerModel.Bare(p.Name) == o))))
            {
                warnings.Add(new("ML0061", $"the forward output {output} is used by no loss"));
            }
        }
        var numbers = trainer.PhaseNumbers();
        if (numbers.Count == 0)
        {
            if (trainer.IsSeparate && trainer.Losses.Count == 1) warnings.Add(new("ML0026", "separate backward with a single loss"));
            return warnings;
        }
        foreach (var number in numbers)
        {
            var phase = trainer.Phases.First(p => p.Number == number);
            var members = trainer.Losses.Count(l => trainer.PhasesOf(l).Contains(number));
            if (phase.IsSeparate(trainer) && members == 1) warnings.Add(new("ML0026", $"phase {number} is separate with a single loss"));
        }
        var last = trainer.Phases.First(p => p.Number == numbers[^1]);
        if (last.Steps is not null || last.Until is not null) warnings.Add(new("ML0031", $"the last phase {last.Number} has an end"));
        return warnings;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pools

    private static readonly string[] TrainerNames = ["Trainer", "DigitsTrainer", "MultiTaskTrainer", "Fitter", "Learner"];
    private static readonly string[] ContainerKinds = ["class", "class", "struct", "record", "record struct", "interface", "static class"];
    private static readonly string[] StepNames = ["Step", "Train", "TrainStep", "Fit", "RunBatch", "@do"];
    private static readonly string[] StepModifiers = ["public", "public", "internal", "private", "protected internal", "private protected", "protected", "public virtual"];
    private static readonly string[] StepParameterPool = ["input", "target", "images", "labels", "x", "y", "batch", "mask", "@event", "features", "value"];
    private static readonly string[] OutputPool = ["logits", "recon", "embedding", "aux", "scores", "output", "@out", "hidden"];
    private static readonly string[] ModelNames = ["model", "net", "network", "_model", "backbone", "@base"];
    private static readonly string[] OptimizerNames = ["optimizer", "opt", "sgd", "_optimizer", "@fixed"];
    private static readonly string[] LossNames = ["Classification", "Regression", "Activity", "Sparsity", "Confidence", "Smoothness", "Reconstruction", "Penalty", "Alignment", "Entropy"];

    /// <summary>Loss names that are legal but close to what the generated code declares.</summary>
    private static readonly string[] UnusualLossNames = ["step", "values", "phase", "total", "@checked", "@class", "Values", "Read", "Set", "Item", "stepResult", "LossName", "Finalize", "Dispose", "Weight", "GateOpen1", "Stepped", "SkippedStep"];

    private static readonly string[] ValidWeights = ["1", "1.0", "0", "0.0", "0.5", "weight: 0.5", "2", "1e-3", "1E10", "-0.0", "double.Epsilon", "double.MaxValue", "weight: 0.25", "3", "0.1"];
    private static readonly string[] InvalidWeights = ["double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-1", "-0.5", "weight: -2.5", "-double.Epsilon", "1.0 / 0.0", "0.0 / 0.0", "double.MinValue"];
    private static readonly string[] ValidThresholds = ["0.5", "1.39", "0", "-1", "1e-3", "1E6", "2", "double.PositiveInfinity", "double.NegativeInfinity", "double.MaxValue", "double.Epsilon", "threshold: 0.25"];
    private static readonly string[] ReportNames = ["classification", "L2 activity", "R&D <loss>\n\"quoted\" {braces}", "", "Total", "a\tb", "Classification", "Regression", "{0}", "\\"];
    private static readonly string[] ValidModelTypes = ["nn.Module<Tensor, Tensor>", "nn.Module<Tensor, Tensor>", "TorchSharp.Modules.Sequential", "TorchSharp.Modules.Linear", "torch.nn.Module<torch.Tensor, torch.Tensor>"];
    private static readonly string[] ForwardOnlyModelTypes = ["nn.Module", "nn.Module<Tensor, (Tensor, Tensor)>", "nn.Module<Tensor, Tensor, Tensor>"];
    private static readonly string[] ValidOptimizerTypes = ["optim.Optimizer", "optim.Optimizer", "TorchSharp.Modules.SGD", "torch.optim.Optimizer"];
    private static readonly string[] NonTensorTypes = ["float", "int", "object", "Tensor[]", "string", "Scalar", "double"];

    // ---------------------------------------------------------------------------------------------------------
    // Valid configurations

    private sealed class Builder(Random random, int index)
    {
        private readonly TrainerModel trainer = new();

        public TrainerModel BuildValid()
        {
            Shape();
            trainer.Backward = Pick<string?>([null, null, null, "BackwardMode.Combined", "BackwardMode.Separate", "BackwardMode.Separate"]);
            var hasForward = Chance(0.35);
            if (Chance(0.35)) DeclareStep(hasForward);
            if (hasForward) DeclareForward();
            trainer.Models.Add(DataMember(ModelNames, hasForward ? [.. ValidModelTypes, .. ForwardOnlyModelTypes] : ValidModelTypes));
            trainer.Optimizers.Add(DataMember(OptimizerNames, ValidOptimizerTypes));
            if (Chance(0.03)) trainer.Models[0].Type += "?";
            if (Chance(0.03)) trainer.Optimizers[0].Type += "?";
            if (Chance(0.05))
            {
                trainer.BaseName = "TrainerBase" + index;
                trainer.BaseMembers.Add("public virtual void Reset() { }");
            }
            else if (Chance(0.05))
            {
                trainer.ListsDisposable = true;
            }
            DeclareLosses();
            DeclareGates();
            if (Chance(0.35)) DeclarePhases();
            Controls();
            Method();
            Extras();
            return trainer;
        }

        private void Shape()
        {
            var nameSpace = random.Next(20);
            if (nameSpace < 10)
            {
                trainer.Namespace = $"Samples{index}";
                trainer.FileScopedNamespace = true;
            }
            else if (nameSpace < 14)
            {
                trainer.Namespace = Pick([$"Company.Project{index}.Training", $"@event.Project{index}", $"Проект{index}.@class"]);
                trainer.FileScopedNamespace = Chance(0.5);
            }

            var containers = random.NextDouble() switch { < 0.75 => 0, < 0.93 => 1, _ => 2 };
            for (var i = 0; i < containers; i++)
            {
                var kind = Pick(ContainerKinds);
                var name = $"{(i == 0 ? "Outer" : "Inner")}{index}";
                if (i == 0 && trainer.Namespace is not null && Chance(0.15)) name = Pick(["@struct", "@class", "Внешний"]);
                var isTrainer = i == 0 && Chance(0.15);
                trainer.Containers.Add(new ContainerModel { Keyword = isTrainer ? "class" : kind, Name = name, IsTrainer = isTrainer });
            }

            // A name other configurations may share only inside this configuration's own namespace.
            trainer.Name = trainer.Namespace is not null && Chance(0.05)
                ? Pick(["@class", "@object", "@event", "Тренер", "\\u0054rainer"])
                : Pick(TrainerNames) + index;
            if (trainer.Containers.Any(c => c.Name == trainer.Name)) trainer.Name = "Trainer" + index;
            trainer.Split = Chance(0.08);
            trainer.PhasesOnSecondPart = Chance(0.5);
            var inInterface = trainer.Containers.Count > 0 && trainer.Containers[^1].Keyword == "interface";
            trainer.Access = trainer.Containers.Count == 0 || inInterface ? Pick(["public", "public", "internal"]) : Pick(["public", "public", "internal", "private"]);
            trainer.Extra = Pick(["", "", "", "sealed", "abstract"]);
        }

        private void DeclareStep(bool hasForward)
        {
            var count = hasForward ? random.Next(0, 4) : random.Next(1, 4);
            var modifiers = trainer.Extra == "sealed"
                ? Pick(["public", "internal", "private"])
                : Pick(StepModifiers);
            trainer.Steps.Add(new StepModel
            {
                Name = Pick(StepNames),
                Modifiers = modifiers,
                Parameters = Distinct(StepParameterPool, count).Select(n => new ParameterModel { Name = n, Type = Chance(0.05) ? "torch.Tensor" : Chance(0.03) ? "Tensor?" : "Tensor" }).ToList(),
            });
        }

        private void DeclareForward()
        {
            var stepNames = StepParameterIdentifiers();
            var forward = new ForwardModel
            {
                Name = Pick(["Forward", "Heads", "Run", "Compute"]),
                Parameters = Distinct(stepNames, random.Next(0, Math.Min(2, stepNames.Count) + 1)).Select(n => new ParameterModel { Name = n }).ToList(),
            };
            if (Chance(0.4))
            {
                forward.Kind = "Tensor";
            }
            else
            {
                forward.Kind = "tuple";
                var taken = stepNames.Select(TrainerModel.Bare).ToHashSet();
                var names = Distinct(OutputPool.Where(o => !taken.Contains(TrainerModel.Bare(o))).ToList(), random.Next(2, 4));
                forward.Elements = names.Select(n => (Chance(0.05) ? "Tensor?" : "Tensor", (string?)n)).ToList();
            }
            trainer.Forwards.Add(forward);
        }

        private List<string> StepParameterIdentifiers()
            => trainer.Steps.Count == 0 ? ["input", "target"] : trainer.Steps[0].Parameters.Select(p => p.Name).ToList();

        private DataMemberModel DataMember(string[] names, string[] types) => new()
        {
            Name = Pick(names),
            Type = Pick(types),
            Kind = Pick(["field", "readonly", "readonly", "get", "getset", "getinit"]),
            Access = Pick(["private", "private", "internal", "public", "protected internal"]) is var access && access == "protected internal" && trainer.Extra == "sealed" ? "private" : access,
        };

        private void DeclareLosses()
        {
            var count = random.Next(1, 5);
            var names = new List<string>();
            while (names.Count < count)
            {
                var name = Chance(0.1) ? Pick(UnusualLossNames) : Pick(LossNames);
                if (Chance(0.01)) name = Pick(["SaveState", "RestoreState"]);
                if (Chance(0.03) && !names.Contains("Smooth") && !names.Contains("smooth") && names.Count + 2 <= count)
                {
                    // Two losses whose names differ only in case.
                    names.Add("Smooth");
                    names.Add("smooth");
                    continue;
                }
                // A member may not be named like its class (CS0542).
                if (TrainerModel.Bare(name) == TrainerModel.Bare(trainer.Name)) continue;
                if (!names.Select(TrainerModel.Bare).Contains(TrainerModel.Bare(name))) names.Add(name);
            }

            var available = Identifiers(trainer.AvailableNames());
            foreach (var name in names)
            {
                var loss = new LossModel
                {
                    Name = name,
                    Weight = Chance(0.3) ? null : Pick(ValidWeights),
                    ReportName = null,
                    Parameters = Distinct(available, random.Next(0, Math.Min(3, available.Count) + 1)).Select(n => new ParameterModel { Name = n }).ToList(),
                };
                if (Chance(0.05)) loss.ReturnType = "torch.Tensor";
                if (Chance(0.03)) loss.ReturnType = "Tensor?";
                // Overloads of generated methods with other parameters are legal: Dispose(Tensor), SaveState(Tensor), RestoreState() or with two.
                if (name is "Dispose" or "SaveState" && loss.Parameters.Count == 0) loss.Parameters.Add(new ParameterModel { Name = available[0] });
                if (name == "RestoreState" && loss.Parameters.Count == 1) loss.Parameters.Clear();
                foreach (var parameter in loss.Parameters)
                {
                    if (Chance(0.05)) parameter.Type = Pick(["torch.Tensor", "Tensor?"]);
                }
                trainer.Losses.Add(loss);
            }
            // Every weight 0 trains nothing (ML0059, a warning a valid configuration does not expect): one keeps its default.
            if (trainer.Losses.All(l => l.Weight is "0" or "0.0" or "-0.0")) trainer.Losses[0].Weight = null;

            // Report names, unique among the names reports use (a loss without one reports its method's name).
            foreach (var loss in trainer.Losses)
            {
                if (!Chance(0.15)) continue;
                var name = Pick(ReportNames);
                if (trainer.Losses.Any(other => other != loss && other.EffectiveName == name)) continue;
                loss.ReportName = name;
            }
        }

        /// <summary>Gates that can work: at least one loss ungated, no cycles (a gate watches an ungated loss or an earlier-ranked gated one).</summary>
        private void DeclareGates()
        {
            var losses = trainer.Losses;
            if (losses.Count < 2) return;
            var gated = losses.Where(_ => Chance(0.3)).ToList();
            if (gated.Count == losses.Count) gated.RemoveAt(random.Next(gated.Count));
            if (gated.Count == 0) return;

            foreach (var loss in gated) loss.Gate = new GateModel();
            var primary = trainer.Primary!;
            var rank = gated.OrderBy(_ => random.Next()).ToList();
            for (var k = 0; k < rank.Count; k++)
            {
                var loss = rank[k];
                var candidates = losses.Where(l => l.Gate is null).Concat(rank.Take(k)).ToList();
                var watched = Pick(candidates);
                var gate = loss.Gate!;
                gate.Threshold = Pick(ValidThresholds);
                if (watched != primary || Chance(0.4))
                {
                    gate.Target = watched;
                    gate.TargetByNameof = Chance(0.8);
                }
                gate.Mode = Pick<string?>([null, null, "GateMode.Switch", "GateMode.Add"]);
                gate.Latch = Pick<string?>([null, null, "true", "false"]);
                // Both gates of a chain decide in the same place (ML0040), spelled either way.
                var onDevice = watched.Gate is { } inner ? inner.OnDevice : Chance(0.3);
                gate.Evaluation = onDevice ? "GateEvaluation.Device" : Pick<string?>([null, null, "GateEvaluation.Host"]);
            }
        }

        /// <summary>
        /// A weighting or aggregation method where the configuration allows one: no warm-up, no Updates, no device gate;
        /// a weighting method without separate backward; GradNorm and PCGrad also without gates, phase-restricted losses
        /// or accumulation. At least two losses, so that no method warns that it changes nothing.
        /// </summary>
        private void Method()
        {
            if (!Chance(0.3) || trainer.Losses.Count < 2) return;
            var losses = trainer.Losses;
            if (losses.Any(l => l.IsRamped || l.Updates is not null || l.Gate?.Evaluation == "GateEvaluation.Device" || l.Name.EndsWith("Weight"))) return;
            var everyLossEveryStep = losses.All(l => l.Gate is null && l.Phases.Count == 0) && trainer.Accumulate is null or "1";
            var separate = trainer.IsSeparate || trainer.Phases.Any(p => p.Backward == "BackwardMode.Separate");
            var candidates = new List<string>();
            if (!separate) candidates.AddRange(["UncertaintyWeighting", "DynamicWeightAverage(Temperature = 1.5)", "RandomLossWeighting(Seed = 3)", "Famo(LearningRate = 0.01)"]);
            if (everyLossEveryStep) candidates.Add("PCGrad");
            if (everyLossEveryStep && !separate && !trainer.Models[0].Type.EndsWith("?"))
            {
                candidates.Add("GradNorm");
            }
            if (candidates.Count == 0) return;
            trainer.Method = Pick(candidates);
            if (trainer.Method == "GradNorm") AddExtra($"[SharedLayer] internal nn.Module Shared => {trainer.Models[0].Name};");
        }

        /// <summary>[SkipNonFinite], [ClipGradNorm], [AccumulateGradients], and per loss WarmupSteps and Updates.</summary>
        private void Controls()
        {
            trainer.SkipNonFinite = Chance(0.15);
            if (Chance(0.15)) trainer.ClipGradNorm = Pick(["1.0", "0.5", "1e-6", "5", "double.MaxValue", "maxNorm: 2.5"]);
            if (Chance(0.15)) trainer.Accumulate = Pick(["1", "2", "4", "int.MaxValue", "steps: 3"]);
            foreach (var loss in trainer.Losses)
            {
                if (Chance(0.12)) loss.Warmup = Pick(["0", "1", "10", "1000", "int.MaxValue"]);
                if (Chance(0.1))
                {
                    if (Chance(0.5))
                    {
                        loss.Updates = $"nameof({trainer.Models[0].Name})";
                    }
                    else
                    {
                        AddExtra("internal readonly nn.Module<Tensor, Tensor> head = null!;");
                        loss.Updates = Chance(0.8) ? "nameof(head)" : "\"head\"";
                    }
                }
            }
        }

        private void DeclarePhases()
        {
            var count = random.Next(1, 4);
            // Numbers from 1, with gaps: phases run in ascending order whatever the numbers.
            var numbers = Distinct([1, 2, 3, 5, 10, 100], count);
            var last = numbers.Max();
            foreach (var number in numbers)
            {
                var phase = new PhaseModel { Number = number, Backward = Pick<string?>([null, null, "BackwardMode.Combined", "BackwardMode.Separate"]) };
                var end = number == last ? (Chance(0.85) ? 0 : random.Next(1, 3)) : random.NextDouble() switch { < 0.2 => 0, < 0.65 => 1, _ => 2 };
                if (end == 1) phase.Steps = Pick(["1", "5", "1000", "int.MaxValue"]);
                if (end == 2) phase.Until = Until(trainer, random, valid: true);
                trainer.Phases.Add(phase);
            }

            foreach (var loss in trainer.Losses)
            {
                if (Chance(0.5)) loss.Phases = Distinct(numbers, random.Next(1, count + 1));
                if (loss.Phases.Count > 0 && Chance(0.05)) loss.Phases.Add(loss.Phases[0]);
            }

            // A gated loss takes part only in phases its watched loss takes part in; watched losses are fixed first.
            foreach (var loss in trainer.Losses.Where(l => l.Gate is not null).OrderBy(Depth))
            {
                var watched = trainer.PhasesOf(trainer.Watched(loss)!);
                var own = trainer.PhasesOf(loss);
                if (own.All(watched.Contains)) continue;
                var both = own.Where(watched.Contains).ToList();
                loss.Phases = both.Count > 0 ? both : watched;
                if (loss.Phases.Count == numbers.Count) loss.Phases = [];
            }

            // Every phase has a loss: add it to an ungated loss that names its phases.
            foreach (var number in numbers)
            {
                if (trainer.Losses.Any(l => trainer.PhasesOf(l).Contains(number))) continue;
                var ungated = trainer.Losses.Where(l => l.Gate is null && l.Phases.Count > 0).ToList();
                Pick(ungated).Phases.Add(number);
            }
        }

        private int Depth(LossModel loss)
        {
            var depth = 0;
            for (var current = loss; current.Gate is not null && depth <= trainer.Losses.Count; current = trainer.Watched(current)!) depth++;
            return depth;
        }

        private void AddExtra(string member) => RandomTrainer.AddExtra(trainer, member);

        /// <summary>Members that are legal next to the generated ones: overloads, and Phase when no phases are declared.</summary>
        private void Extras()
        {
            if (Chance(0.1)) AddExtra("private void Dispose(bool disposing) { }");
            var userStepIsStep = trainer.Steps.Count > 0 && trainer.Steps[0].Name == "Step";
            if (Chance(0.1) && !userStepIsStep) AddExtra("private int Step(Tensor a, Tensor b, Tensor c) => 0;");
            if (Chance(0.1) && trainer.Steps.Count > 0 && !userStepIsStep) AddExtra("public int Step(Tensor input, Tensor target) => 0;");
            if (Chance(0.1) && trainer.Phases.Count == 0) AddExtra(PhaseProperty);
            if (Chance(0.05)) AddExtra("private int SaveState(int version) => version;");

            // Attributes without effect (warning ML0042): [GateOn] or [Phase] on a method that is no loss, Steps on a loss's [Phase].
            if (Chance(0.03)) trainer.MisplacedOnHelper = Pick(["GateOn(0.5)", "Phase(1)", "GateOn(0.5), Phase(2)"]);
            var member = trainer.Losses.FirstOrDefault(l => l.Phases.Count > 0);
            if (member is not null && Chance(0.1)) member.MisplacedPhaseArgument = Pick(["Steps = 3", "Backward = BackwardMode.Separate", "Until = \"Converged\""]);
        }

        private static List<string> Identifiers(List<string> bare) => bare.Select(Identifier).ToList();

        private bool Chance(double p) => random.NextDouble() < p;

        /// <summary>A chance for a known gap: drawn either way, so the other choices do not depend on which gaps are included.</summary>

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private List<T> Distinct<T>(IReadOnlyList<T> items, int count) => items.Distinct().OrderBy(_ => random.Next()).Take(count).ToList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Faults: each mutates a valid-looking configuration so that it must get the diagnostic it returns, or returns
    // null when it does not apply.

    private delegate Fault? Injector(TrainerModel trainer, Random random);

    private static readonly Injector[] Faults =
    [
        // The class
        (t, _) => { t.Partial = false; return new("ML0001", "the trainer is not partial"); },
        (t, _) => { t.Static = true; return new("ML0016", "the trainer is static"); },
        (t, _) => { t.Generic = true; return new("ML0016", "the trainer is generic"); },
        (t, _) => { t.Record = true; t.Extra = t.Extra == "abstract" ? "abstract" : ""; return new("ML0016", "the trainer is a record"); },
        (t, r) =>
        {
            var container = OrdinaryContainer(t, r);
            container.Partial = false;
            return new("ML0015", $"the containing type {container.Name} is not partial");
        },
        (t, r) =>
        {
            var container = OrdinaryContainer(t, r);
            if (container.Keyword == "interface") return null;
            container.Generic = true;
            return new("ML0016", $"the containing type {container.Name} is generic");
        },

        // Model and optimizer
        (t, _) => { t.Models.Clear(); return new("ML0003", "no [Model]"); },
        (t, _) =>
        {
            if (t.Models.Count == 0) return null;
            t.Models.Add(new DataMemberModel { Name = "secondModel" });
            return new("ML0004", "a second [Model]");
        },
        (t, _) => { t.Optimizers.Clear(); return new("ML0005", "no [Optimizer]"); },
        (t, _) =>
        {
            if (t.Optimizers.Count == 0) return null;
            t.Optimizers.Add(new DataMemberModel { Name = "secondOptimizer", Type = "optim.Optimizer", Kind = "get" });
            return new("ML0006", "a second [Optimizer]");
        },
        (t, r) =>
        {
            var members = r.Next(2) == 0 ? t.Models : t.Optimizers;
            if (members.Count == 0) return null;
            members[0].Kind = "set";
            return new("ML0017", $"the {(members == t.Models ? "model" : "optimizer")} is a property without a getter");
        },
        (t, r) =>
        {
            var members = r.Next(2) == 0 ? t.Models : t.Optimizers;
            if (members.Count == 0) return null;
            members[0].Static = true;
            return new("ML0017", $"the {(members == t.Models ? "model" : "optimizer")} is static");
        },
        (t, r) =>
        {
            if (t.Models.Count == 0) return null;
            t.Models[0].Type = Pick(r, ["object", "Tensor", "optim.Optimizer", "string", "Scalar"]);
            return new("ML0018", $"the model has type {t.Models[0].Type}");
        },
        (t, r) =>
        {
            if (t.Optimizers.Count == 0) return null;
            t.Optimizers[0].Type = Pick(r, ["object", "Tensor", "nn.Module<Tensor, Tensor>", "string"]);
            return new("ML0018", $"the optimizer has type {t.Optimizers[0].Type}");
        },
        (t, r) =>
        {
            if (t.Optimizers.Count == 0) return null;
            t.Optimizers[0].Type = Pick(r, ["TorchSharp.Modules.LBFGS", "TorchSharp.Modules.LBFGS?"]);
            return new("ML0052", $"the optimizer is a {t.Optimizers[0].Type}, whose step needs a closure");
        },
        (t, r) =>
        {
            if (t.Models.Count == 0 || t.Forwards.Count > 0) return null;
            t.Models[0].Type = Pick(r, ForwardOnlyModelTypes);
            return new("ML0012", $"the model is a {t.Models[0].Type} and there is no [Forward]");
        },
        (t, _) =>
        {
            if (t.Forwards.Count > 0) return null;
            EnsureStep(t).Parameters.Clear();
            return new("ML0012", "the step has no parameter to pass to the model");
        },

        // Losses
        (t, _) => { t.Losses.Clear(); return new("ML0002", "no [Loss]"); },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.ReturnType = Pick(r, ["void", "double", "int", "Tensor[]"]);
            return new("ML0007", $"the loss {loss.Name} returns {loss.ReturnType}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.Weight = Pick(r, InvalidWeights);
            return new("ML0009", $"the loss {loss.Name} has weight {loss.Weight}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            var duplicate = new LossModel { Name = loss.Name };
            duplicate.Parameters = loss.Parameters.Count > 0 ? [] : [new ParameterModel { Name = Identifier(t.AvailableNames()[0]) }];
            t.Losses.Insert(r.Next(t.Losses.Count + 1), duplicate);
            return new("ML0019", $"two losses are named {loss.Name}");
        },
        (t, r) =>
        {
            if (t.Losses.Count < 2) return null;
            var pair = t.Losses.OrderBy(_ => r.Next()).Take(2).ToList();
            pair[1].ReportName = pair[0].EffectiveName;
            return new("ML0019", $"the loss {pair[1].Name} reports under {pair[0].Name}'s name \"{pair[1].ReportName}\"");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            var name = Pick(r, ["Total", "Phase", "StepNumber", "IsEvaluation", "GetLoss", "ToString", "Equals", "GetHashCode", "GetType", "RegressionGateOpen", "GateOpen",
                "MemberwiseClone", "ReferenceEquals", "Skipped", "OptimizerStepped"]);
            if (t.Losses.Any(l => l.Name == name)) return null;
            loss.Name = name;
            return new("ML0033", $"a loss is named {name}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.Name = "__" + TrainerModel.Bare(loss.Name);
            return new("ML0035", $"a loss is named {loss.Name}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            if (r.Next(2) == 0) loss.Static = true; else loss.Generic = true;
            return new("ML0017", $"the loss {loss.Name} is {(loss.Static ? "static" : "generic")}");
        },

        // Bindings
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.Parameters.Insert(r.Next(loss.Parameters.Count + 1), new ParameterModel { Name = "unbound" });
            return new("ML0008", $"the loss {loss.Name} has a parameter that binds to nothing");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            if (loss.Parameters.Count == 0) loss.Parameters.Add(new ParameterModel { Name = Identifier(t.AvailableNames()[0]) });
            var parameter = Pick(r, loss.Parameters);
            parameter.Type = Pick(r, NonTensorTypes);
            return new("ML0011", $"the parameter {parameter.Name} of {loss.Name} is a {parameter.Type}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            if (loss.Parameters.Count == 0) loss.Parameters.Add(new ParameterModel { Name = Identifier(t.AvailableNames()[0]) });
            var parameter = Pick(r, loss.Parameters);
            parameter.Modifier = Pick(r, ["ref", "in", "out", "params"]);
            return new("ML0017", $"the parameter {parameter.Name} of {loss.Name} is {parameter.Modifier}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.Parameters.Add(new ParameterModel { Name = "__hidden" });
            return new("ML0035", $"the loss {loss.Name} has a parameter named __hidden");
        },
        (t, r) =>
        {
            if (t.Steps.Count > 0 && t.Steps[0].Parameters.Count == 0) return null;
            var step = EnsureStep(t);
            var parameter = Pick(r, step.Parameters);
            parameter.Type = Pick(r, NonTensorTypes);
            return new("ML0011", $"the step parameter {parameter.Name} is a {parameter.Type}");
        },
        (t, r) =>
        {
            if (t.Steps.Count > 0 && t.Steps[0].Parameters.Count == 0) return null;
            var step = EnsureStep(t);
            var parameter = Pick(r, step.Parameters);
            parameter.Modifier = Pick(r, ["ref", "in", "params"]);
            return new("ML0017", $"the step parameter {parameter.Name} is {parameter.Modifier}");
        },
        (t, r) =>
        {
            var step = EnsureStep(t);
            if (r.Next(2) == 0) step.Static = true; else step.Generic = true;
            return new("ML0017", $"the step is {(step.Static ? "static" : "generic")}");
        },
        (t, r) =>
        {
            var step = EnsureStep(t);
            step.Modifiers = Pick(r, ["", "virtual", "new"]);
            return new("ML0053", $"the step has no access modifier ('{step.Modifiers}')");
        },
        (t, _) =>
        {
            EnsureStep(t);
            t.Steps.Add(new StepModel { Name = "SecondStep", Parameters = [new ParameterModel { Name = "input" }] });
            return new("ML0014", "a second partial step");
        },
        (t, r) =>
        {
            var step = EnsureStep(t);
            var output = Pick(r, t.OutputNames());
            step.Parameters.Add(new ParameterModel { Name = Identifier(output) });
            return new("ML0010", $"the step parameter {output} is also a forward output");
        },
        (t, _) =>
        {
            var step = EnsureStep(t);
            step.Parameters.Add(new ParameterModel { Name = "__batch" });
            return new("ML0035", "a step parameter is named __batch");
        },

        // Forward
        (t, r) =>
        {
            var forward = EnsureForward(t);
            forward.Parameters.Add(new ParameterModel { Name = "unboundInput" });
            return new("ML0008", "the [Forward] has a parameter that binds to nothing");
        },
        (t, r) =>
        {
            if (t.Forwards.Count == 0 || t.Forwards[0].Parameters.Count == 0) return null;
            var forward = t.Forwards[0];
            Pick(r, forward.Parameters).Type = Pick(r, NonTensorTypes);
            return new("ML0011", "a [Forward] parameter is not a Tensor");
        },
        (t, _) => { EnsureForward(t).Static = true; return new("ML0017", "the [Forward] is static"); },
        (t, _) => { EnsureForward(t).Generic = true; return new("ML0017", "the [Forward] is generic"); },
        (t, r) =>
        {
            if (t.Forwards.Count == 0 || !t.Forwards[0].IsTuple) return null;
            var forward = t.Forwards[0];
            var k = r.Next(forward.Elements.Count);
            forward.Elements[k] = r.Next(2) == 0 ? ("Tensor", null) : ("int", forward.Elements[k].Name);
            return new("ML0013", $"the [Forward] tuple's element {k} is unnamed or not a Tensor");
        },
        (t, _) =>
        {
            var forward = EnsureForward(t);
            forward.Kind = "int";
            return new("ML0013", "the [Forward] returns int");
        },
        (t, _) =>
        {
            EnsureForward(t);
            t.Forwards.Add(new ForwardModel { Name = "SecondForward", Parameters = [] });
            return new("ML0013", "a second [Forward]");
        },
        (t, r) =>
        {
            if (t.Forwards.Count == 0 || !t.Forwards[0].IsTuple) return null;
            var forward = t.Forwards[0];
            var k = r.Next(forward.Elements.Count);
            forward.Elements[k] = ("Tensor", "__state");
            return new("ML0035", "a [Forward] output is named __state");
        },
        (t, r) =>
        {
            if (t.Forwards.Count == 0 || !t.Forwards[0].IsTuple) return null;
            var forward = t.Forwards[0];
            var stepNames = t.StepParameterNames();
            if (stepNames.Count == 0) return null;
            var k = r.Next(forward.Elements.Count);
            var name = Pick(r, stepNames);
            if (forward.Elements.Any(e => TrainerModel.Bare(e.Name!) == name)) return null;
            forward.Elements[k] = ("Tensor", Identifier(name));
            return new("ML0010", $"the [Forward] output {name} is also a step parameter");
        },

        // Gates
        (t, r) =>
        {
            var loss = GatedOrNew(t, r);
            if (loss is null) return null;
            loss.Gate!.Threshold = Pick(r, ["double.NaN", "0.0 / 0.0", "threshold: double.NaN"]);
            return new("ML0020", $"the gate of {loss.Name} has a NaN threshold");
        },
        (t, r) =>
        {
            var loss = GatedOrNew(t, r);
            if (loss is null) return null;
            loss.Gate!.Target = null;
            loss.Gate.RawOn = Pick(r, ["\"Nothing\"", "nameof(ToString)", "\"\"", "\"model\""]);
            return new("ML0021", $"the gate of {loss.Name} watches {loss.Gate.RawOn}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            if (t.Losses.Count < 2) return null;
            var loss = Pick(r, t.Losses);
            loss.Gate ??= new GateModel();
            loss.Gate.Target = loss;
            loss.Gate.RawOn = null;
            return new("ML0022", $"the gate of {loss.Name} watches itself");
        },
        (t, r) =>
        {
            if (t.Losses.Count < 2) return null;
            var pair = t.Losses.OrderBy(_ => r.Next()).Take(2).ToList();
            pair[0].Gate ??= new GateModel();
            pair[1].Gate ??= new GateModel();
            pair[0].Gate!.Target = pair[1];
            pair[1].Gate!.Target = pair[0];
            pair[0].Gate!.RawOn = pair[1].Gate!.RawOn = null;
            return new("ML0022", $"the gates of {pair[0].Name} and {pair[1].Name} watch each other");
        },
        (t, _) =>
        {
            if (t.Losses.Count != 1) return null;
            t.Losses[0].Gate = new GateModel();
            return new("ML0023", "the only loss has a gate");
        },
        (t, r) =>
        {
            // A chain primary ← inner ← outer whose two gates decide in different places.
            if (t.Losses.Count < 3 || t.Primary is not { } primary) return null;
            var pair = t.Losses.Where(l => l != primary).OrderBy(_ => r.Next()).Take(2).ToList();
            if (t.Losses.Any(l => l.Gate?.Target is { } target && pair.Contains(target) && !pair.Contains(l))) return null;
            var (inner, outer) = (pair[0], pair[1]);
            inner.Gate = new GateModel { Target = r.Next(2) == 0 ? primary : null, Evaluation = r.Next(2) == 0 ? "GateEvaluation.Device" : null };
            outer.Gate = new GateModel { Target = inner, Evaluation = inner.Gate.OnDevice ? Pick(r, new string?[] { null, "GateEvaluation.Host" }) : "GateEvaluation.Device" };
            return new("ML0040", $"the gate of {outer.Name} ({(outer.Gate.OnDevice ? "device" : "host")}) watches {inner.Name}, whose gate decides on the {(inner.Gate.OnDevice ? "device" : "host")}");
        },
        (t, r) =>
        {
            if (t.Losses.Count < 2) return null;
            foreach (var loss in t.Losses) loss.Gate ??= new GateModel();
            var defaulted = Pick(r, t.Losses);
            defaulted.Gate!.Target = null;
            defaulted.Gate.RawOn = null;
            return new("ML0023", "every loss has a gate, so there is no primary loss");
        },

        // Phases
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            var undeclared = t.Phases.Count == 0 ? r.Next(0, 4) : t.PhaseNumbers().Max() + 1 + r.Next(3);
            loss.Phases.Add(undeclared);
            return new("ML0025", $"the loss {loss.Name} names the undeclared phase {undeclared}");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            var phase = Pick(r, t.Phases);
            phase.Steps = Pick(r, ["0", "-1", "-1000", "int.MinValue"]);
            phase.Until = null;
            return new("ML0027", $"phase {phase.Number} has Steps = {phase.Steps}");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            var phase = Pick(r, t.Phases);
            t.Phases.Insert(r.Next(t.Phases.Count + 1), new PhaseModel { Number = phase.Number, Steps = "3" });
            return new("ML0028", $"phase {phase.Number} is declared twice");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            var number = Pick(r, [0, -1, int.MinValue]);
            if (t.Phases.Any(p => p.Number == number)) return null;
            t.Phases.Insert(r.Next(t.Phases.Count + 1), new PhaseModel { Number = number, Steps = "3" });
            return new("ML0051", $"phase {number} is declared");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            var phase = Pick(r, t.Phases);
            phase.Steps = null;
            phase.Until = Until(t, r, valid: false);
            return new("ML0029", $"phase {phase.Number} ends on {phase.Until}, which is not a bool method");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            var phase = Pick(r, t.Phases);
            phase.Steps = "10";
            phase.Until = "nameof(Converged)";
            AddExtra(t, ConvergedMember);
            return new("ML0030", $"phase {phase.Number} has both Steps and Until");
        },
        (t, r) =>
        {
            // A phase no loss takes part in: every loss names its phases, none names the new one.
            EnsurePhases(t, r);
            var declared = t.PhaseNumbers();
            foreach (var loss in t.Losses)
            {
                if (loss.Phases.Count == 0) loss.Phases = [.. declared];
            }
            var empty = declared.Max() + 1;
            t.Phases.Insert(r.Next(t.Phases.Count + 1), new PhaseModel { Number = empty });
            return new("ML0024", $"no loss takes part in phase {empty}");
        },
        (t, r) =>
        {
            // A gated loss in a phase its watched loss is not in.
            if (t.Losses.Count < 2 || t.Primary is not { } watched) return null;
            var gated = Pick(r, t.Losses.Where(l => l != watched).ToList());
            if (t.Losses.Any(l => l.Gate?.Target == gated)) return null;
            EnsurePhases(t, r);
            var declared = t.PhaseNumbers();
            if (declared.Count < 2) t.Phases.Add(new PhaseModel { Number = declared.Max() + 1 });
            declared = t.PhaseNumbers();
            gated.Gate ??= new GateModel();
            gated.Gate.Target = watched;
            gated.Gate.RawOn = null;
            watched.Phases = [declared[0]];
            gated.Phases = [declared[1]];
            return new("ML0032", $"the gate of {gated.Name} (phase {declared[1]}) watches {watched.Name} (phase {declared[0]} only)");
        },

        // Training controls
        (t, r) =>
        {
            t.ClipGradNorm = Pick(r, ["0", "-1", "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-double.Epsilon", "maxNorm: 0.0"]);
            return new("ML0038", $"[ClipGradNorm({t.ClipGradNorm})]");
        },
        (t, r) =>
        {
            t.Accumulate = Pick(r, ["0", "-1", "int.MinValue", "steps: -3"]);
            return new("ML0039", $"[AccumulateGradients({t.Accumulate})]");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            loss.Warmup = Pick(r, ["-1", "-1000", "int.MinValue"]);
            return new("ML0037", $"the loss {loss.Name} warms up over {loss.Warmup} steps");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            var (updates, member) = Pick<(string, string?)>(r, [
                ("\"missing\"", null),
                ("nameof(Converged)", ConvergedMember),
                ("nameof(frozen)", "private static readonly nn.Module<Tensor, Tensor> frozen = null!;"),
                ("nameof(scale)", "private readonly Tensor scale = null!;"),
                ("nameof(count)", "private readonly int count = 0;"),
            ]);
            if (member is not null) AddExtra(t, member);
            if (updates == "nameof(count)" || updates == "nameof(scale)")
            {
                if (t.Optimizers.Count > 0 && r.Next(2) == 0) updates = $"nameof({t.Optimizers[0].Name})";
            }
            loss.Updates = updates;
            return new("ML0036", $"the loss {loss.Name} updates {updates}");
        },
        (t, r) =>
        {
            if (t.Losses.Count < 2) return null;
            var ramped = Pick(r, t.Losses);
            var other = Pick(r, t.Losses.Where(l => l != ramped).ToList());
            var name = TrainerModel.Bare(ramped.Name) + "Weight";
            if (t.Losses.Any(l => l.Name == name)) return null;
            ramped.Warmup = "10";
            other.Name = name;
            return new("ML0033", $"the loss {other.Name} is named like the weight of the ramped loss {ramped.Name}");
        },
        (t, _) =>
        {
            t.SkipNonFinite = true;
            t.ExtraMembers.Add("public long SkippedSteps => 0;");
            return new("ML0034", "the trainer skips non-finite steps and declares SkippedSteps");
        },

        // Names the generator declares
        (t, r) =>
        {
            var (member, name) = Pick<(string, string)>(r, [
                ("public void Dispose() { }", "Dispose"),
                ("public long StepsTaken => 0;", "StepsTaken"),
                ("public struct StepResult { }", "StepResult"),
                ("private int StepsTaken = 0;", "StepsTaken"),
                ("private class StepResult { }", "StepResult"),
            ]);
            t.ExtraMembers.Add(member);
            return new("ML0034", $"the trainer declares {name}");
        },
        (t, r) =>
        {
            var (member, name) = Pick<(string, string)>(r, [
                ("private long StepsTaken() => 0;", "a method StepsTaken()"),
                ("private int StepResult = 0;", "a field StepResult"),
                ("private int StepResult() => 0;", "a method StepResult()"),
                ("public int StepResult { get; set; }", "a property StepResult"),
                ("public event System.EventHandler? StepsTaken;", "an event StepsTaken"),
                ("public int SaveState() => 0;", "SaveState()"),
                ("public void RestoreState(MultiLoss.Runtime.TrainerState state) { }", "RestoreState(TrainerState)"),
                ("private readonly int RestoreState = 0;", "a field RestoreState"),
            ]);
            t.ExtraMembers.Add(member);
            return new("ML0034", $"the trainer declares {name}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var loss = Pick(r, t.Losses);
            var name = Pick(r, ["StepsTaken", "StepResult", "Dispose"]);
            if (t.Losses.Any(l => l.Name == name)) return null;
            loss.Name = name;
            if (name == "Dispose") loss.Parameters.Clear();
            return new("ML0034", $"a loss is named {name}{(name == "Dispose" ? " and has no parameters" : "")}");
        },
        (t, r) =>
        {
            if (t.Losses.Count == 0) return null;
            var member = Pick(r, ["private int __values;", "private int __phase;", "private int __stepsInPhase;", $"private int __{TrainerModel.Bare(Pick(r, t.Losses).Name)}Weight;", "private static void __scope() { }"]);
            t.ExtraMembers.Add(member);
            return new("ML0035", $"the trainer declares {member}");
        },
        (t, r) =>
        {
            // The trainer inherits a member the generator would declare.
            var (member, name) = Pick<(string, string)>(r, [
                ("public void Dispose() { }", "Dispose()"),
                ("public long StepsTaken => 0;", "StepsTaken"),
                ("public int Step(Tensor input, Tensor target) => 0;", "Step(Tensor, Tensor)"),
                ("public struct StepResult { }", "StepResult"),
            ]);
            if (name.StartsWith("Step(", StringComparison.Ordinal) && t.Steps.Count > 0) return null;
            t.BaseName = "TrainerBase" + TrainerModel.Bare(t.Name);
            t.BaseMembers = [member];
            t.ListsDisposable = false;
            return new("ML0034", $"the trainer inherits {name} from its base class");
        },
        (t, r) =>
        {
            // The trainer inherits a member the generator does not read: only the trainer's own members take part.
            var (member, name) = Pick<(string, string)>(r, [
                ("[Loss] protected Tensor Inherited(Tensor output) => output.mean();", "the loss Inherited"),
                ("[Loss(0.5), GateOn(0.1)] protected virtual Tensor Inherited(Tensor output) => output.abs().mean();", "the gated loss Inherited"),
                ("[Model] protected nn.Module<Tensor, Tensor> inheritedModel = null!;", "the model inheritedModel"),
                ("[Optimizer] protected optim.Optimizer InheritedOptimizer { get; } = null!;", "the optimizer InheritedOptimizer"),
            ]);
            if (t.BaseName is not null && t.BaseMembers.Any(m => !m.Contains("Reset", StringComparison.Ordinal))) return null;
            t.BaseName = "TrainerBase" + TrainerModel.Bare(t.Name);
            t.BaseMembers = [member];
            t.ListsDisposable = false;
            return new("ML0047", $"the trainer inherits {name} from its base class");
        },
        (t, r) =>
        {
            // Shaped like a step (an accessibility, tensor parameters) but not returning StepResult.
            if (t.Steps.Count > 0 && (t.Steps[0].Parameters.Count == 0 || !t.Steps[0].Parameters.All(p => p.IsPlainTensor))) return null;
            var step = EnsureStep(t);
            step.ReturnType = Pick(r, ["int", "void", "Tensor", "(Tensor, Tensor)"]);
            return new("ML0041", $"the declared step returns {step.ReturnType}");
        },
        (t, _) =>
        {
            if (t.Containers.Count > 0) return null;
            t.Access = "file";
            return new("ML0016", "the trainer is file-local, so no other file can complete it");
        },
        (t, _) =>
        {
            if (t.Steps.Count > 0 || t.ExtraMembers.Any(m => m.Contains(" Step(", StringComparison.Ordinal))) return null;
            t.ExtraMembers.Add("public int Step(Tensor input, Tensor target) => 0;");
            return new("ML0034", "the trainer declares Step(Tensor, Tensor) and no step of its own");
        },
        (t, r) =>
        {
            EnsurePhases(t, r);
            t.ExtraMembers.Add(PhaseProperty);
            return new("ML0034", "the phased trainer declares Phase");
        },
    ];

    private const string ConvergedMember = "private bool Converged() => StepsTaken >= 10;";

    /// <summary>A Phase property: legal without phases, a clash with them.</summary>
    private const string PhaseProperty = "public int Phase { get; set; }";

    /// <summary>An Until expression naming a valid condition, or one of several wrong members; declares the member it names.</summary>
    private static string Until(TrainerModel trainer, Random random, bool valid)
    {
        if (valid)
        {
            var (name, body) = Pick<(string, string)>(random, [("Converged", ConvergedMember), ("WarmedUp", "internal bool WarmedUp() => StepsTaken > 100;"), ("@lock", "private bool @lock() => false;")]);
            AddExtra(trainer, body);
            return random.Next(5) > 0 ? $"nameof({name})" : $"\"{TrainerModel.Bare(name)}\"";
        }
        var (wrong, declaration) = Pick<(string, string?)>(random, [
            ("Missing", null),
            ("Counted", "private int Counted() => 0;"),
            ("ReadyAfter", "private bool ReadyAfter(int steps) => steps > 0;"),
            ("AlwaysStatic", "private static bool AlwaysStatic() => true;"),
            ("IsDone", "private bool IsDone => false;"),
            ("Check", "private bool Check<TCheck>() => false;"),
        ]);
        if (declaration is null) return "\"Missing\"";
        AddExtra(trainer, declaration);
        return random.Next(5) > 0 ? $"nameof({wrong})" : $"\"{wrong}\"";
    }

    private static void AddExtra(TrainerModel trainer, string member)
    {
        if (!trainer.ExtraMembers.Contains(member)) trainer.ExtraMembers.Add(member);
    }


    /// <summary>Thrown by an injector that finds, after all, that it does not apply; it has changed nothing yet.</summary>
    private sealed class NotApplicableException : Exception;

    /// <summary>
    /// The declared step, declaring <c>public partial StepResult Step(Tensor input, Tensor target)</c> (what the default
    /// step is) if there is none. Not applicable once the step returns something else (ML0041): then it is no step, and
    /// a fault injected into it would not be reported.
    /// </summary>
    private static StepModel EnsureStep(TrainerModel trainer)
    {
        if (trainer.Steps.Count > 0 && trainer.Steps[0].ReturnType != "StepResult") throw new NotApplicableException();
        if (trainer.Steps.Count == 0)
        {
            trainer.Steps.Add(new StepModel { Parameters = [new ParameterModel { Name = "input" }, new ParameterModel { Name = "target" }] });
        }
        return trainer.Steps[0];
    }

    /// <summary>The [Forward], adding one equivalent to the model's forward (its output is <c>output</c>) if there is none.</summary>
    private static ForwardModel EnsureForward(TrainerModel trainer)
    {
        if (trainer.Forwards.Count == 0)
        {
            var first = trainer.Steps.Count == 0 ? "input" : trainer.Steps[0].Parameters.FirstOrDefault()?.Name;
            trainer.Forwards.Add(new ForwardModel { Parameters = first is null ? [] : [new ParameterModel { Name = first }] });
        }
        return trainer.Forwards[0];
    }

    /// <summary>Declares two phases if there are none; the losses keep taking part in every phase.</summary>
    private static void EnsurePhases(TrainerModel trainer, Random random)
    {
        if (trainer.Phases.Count > 0) return;
        trainer.ExtraMembers.Remove(PhaseProperty);
        trainer.Phases.Add(new PhaseModel { Number = 1, Steps = "5" });
        trainer.Phases.Add(new PhaseModel { Number = 2 });
        foreach (var loss in trainer.Losses) loss.Phases.Clear();
        if (random.Next(2) == 0) trainer.Phases.Reverse();
    }

    /// <summary>A container that is not a trainer, adding one (innermost) if there is none.</summary>
    private static ContainerModel OrdinaryContainer(TrainerModel trainer, Random random)
    {
        var ordinary = trainer.Containers.Where(c => !c.IsTrainer).ToList();
        if (ordinary.Count > 0) return Pick(random, ordinary);
        var holder = new ContainerModel { Name = "Holder" + TrainerModel.Bare(trainer.Name) };
        trainer.Containers.Add(holder);
        return holder;
    }

    /// <summary>A loss that is not the primary one, given a gate (watching the primary) if it has none.</summary>
    private static LossModel? GatedOrNew(TrainerModel trainer, Random random)
    {
        var gated = trainer.Losses.Where(l => l.Gate is not null).ToList();
        if (gated.Count > 0) return Pick(random, gated);
        if (trainer.Losses.Count < 2) return null;
        var loss = Pick(random, trainer.Losses.Skip(1).ToList());
        loss.Gate = new GateModel();
        return loss;
    }

    private static string Identifier(string bare)
        => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(bare) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + bare : bare;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
