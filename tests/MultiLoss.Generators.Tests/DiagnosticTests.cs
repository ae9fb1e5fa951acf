using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using MultiLoss.Generators.Validation;
using MultiLoss.Testing;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// One test per diagnostic id: a configuration that breaks the rule gets exactly that diagnostic, with its severity,
/// at the marked span (<c>[|...|]</c>), with a message naming the member; an error leaves the trainer ungenerated.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using MultiLoss;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Samples;

        """;

    private const string Attribute = "[MultiLossTrainer]\n";
    private const string Header = Attribute + "public partial class BadTrainer\n";
    private const string Model = "    [Model] private readonly nn.Module<Tensor, Tensor> model = null!;\n";
    private const string Optimizer = "    [Optimizer] private readonly optim.Optimizer optimizer = null!;\n";
    private const string Loss = "    [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n";

    /// <summary>A source file holding one trainer class: <paramref name="header"/> (attributes and declaration line) and its members.</summary>
    private static string Trainer(string header, params string[] members) => Usings + Class(header, members);

    /// <summary>A source file holding <paramref name="outerHeader"/>'s type with a trainer nested in it.</summary>
    private static string Nested(string outerHeader, string header, params string[] members)
        => Usings + outerHeader + "{\n" + Class(header, members) + "}\n";

    private static string Class(string header, string[] members) => header + "{\n" + string.Concat(members) + "}\n";

    [Test]
    public void ML0001_trainer_not_partial()
        => AssertDiagnostic("ML0001", "BadTrainer", Trainer(Attribute + "public class [|BadTrainer|]\n", Model, Optimizer, Loss));

    [Test]
    public void ML0002_no_loss()
        => AssertDiagnostic("ML0002", "BadTrainer", Trainer(Attribute + "public partial class [|BadTrainer|]\n", Model, Optimizer));

    [Test]
    public void ML0003_no_model()
        => AssertDiagnostic("ML0003", "BadTrainer", Trainer(Attribute + "public partial class [|BadTrainer|]\n", Optimizer, Loss));

    [Test]
    public void ML0004_second_model()
        => AssertDiagnostic("ML0004", "second", Trainer(Header, Model, Optimizer, Loss,
            "    [Model] private readonly nn.Module<Tensor, Tensor> [|second|] = null!;\n"));

    [Test]
    public void ML0005_no_optimizer()
        => AssertDiagnostic("ML0005", "BadTrainer", Trainer(Attribute + "public partial class [|BadTrainer|]\n", Model, Loss));

    [Test]
    public void ML0006_second_optimizer()
        => AssertDiagnostic("ML0006", "second", Trainer(Header, Model, Optimizer, Loss,
            "    [Optimizer] private optim.Optimizer [|second|] { get; } = null!;\n"));

    [Test]
    public void ML0007_loss_not_returning_a_tensor()
        => AssertDiagnostic("ML0007", "Accuracy", Trainer(Header, Model, Optimizer, Loss,
            "    [Loss] private double [|Accuracy|](Tensor output) => 0.0;\n"));

    [Test]
    public void ML0008_loss_parameter_binds_to_nothing()
        => AssertDiagnostic("ML0008", "labels", Trainer(Header, Model, Optimizer,
            "    [Loss] private Tensor Classification(Tensor output, Tensor [|labels|]) => nn.functional.cross_entropy(output, labels);\n"));

    [Test]
    public void ML0008_forward_parameter_binds_to_nothing()
        => AssertDiagnostic("ML0008", "images", Trainer(Header, Model, Optimizer, Loss,
            "    [Forward] private Tensor Forward(Tensor [|images|]) => model.forward(images);\n"));

    [TestCase("[Loss([|-0.5|])]", "-0.5")]
    [TestCase("[Loss([|weight: double.NaN|])]", "NaN")]
    [TestCase("[Loss([|double.PositiveInfinity|], Name = \"r\")]", "Infinity")]
    public void ML0009_invalid_weight(string attribute, string shownWeight)
        => AssertDiagnostic("ML0009", "Regression", Trainer(Header, Model, Optimizer,
            "    " + attribute + " private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n"),
            alsoInMessage: shownWeight);

    [Test]
    public void ML0010_step_parameter_named_like_a_forward_output()
        => AssertDiagnostic("ML0010", "output", Trainer(Header, Model, Optimizer,
            "    public partial StepResult Step(Tensor [|output|], Tensor target);\n",
            "    [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n"));

    [TestCase("    [Loss] private Tensor Regression(Tensor output, float [|target|]) => output.mean();\n", "target")]
    [TestCase("    public partial StepResult Step(Tensor input, int [|target|]);\n" + Loss, "target")]
    [TestCase("    public partial StepResult Step(Tensor x, double [|y|] = 1);\n    [Loss] private Tensor Activity(Tensor output) => output.mean();\n", "y")]
    [TestCase("    [Loss] private Tensor Regression(Tensor output, double [|rate|] = 1) => output.mean();\n", "rate")]
    [TestCase("    [Forward] private Tensor Forward(Tensor input, double [|scale|] = 1) => model.forward(input);\n" + Loss, "scale")]
    public void ML0011_parameter_not_a_tensor(string members, string name)
        => AssertDiagnostic("ML0011", name, Trainer(Header, Model, Optimizer, members));

    [TestCase("    [Model] private readonly nn.Module [|model|] = null!;\n" + Optimizer + Loss, "model")]
    [TestCase(Model + Optimizer + "    public partial StepResult [|Train|]();\n    [Loss] private Tensor Activity(Tensor output) => output.mean();\n", "model")]
    public void ML0012_model_output_cannot_be_bound(string members, string name)
        => AssertDiagnostic("ML0012", name, Trainer(Header, members));

    private const string TupleModel = "    [Model] private readonly nn.Module<Tensor, (Tensor, Tensor)> model = null!;\n";
    private const string TargetLoss = "    [Loss] private Tensor Norm(Tensor target) => target.abs().mean();\n";

    [TestCase("    [Forward] private (Tensor logits, Tensor) [|Forward|](Tensor input) => model.forward(input);\n", "unnamed elements (Item2)")]
    [TestCase("    [Forward] private (Tensor logits, int count) [|Forward|](Tensor input) => (model.forward(input).Item1, 1);\n", "not a Tensor")]
    [TestCase("    [Forward] private int [|Forward|](Tensor input) => 0;\n", "must return")]
    [TestCase("    [Forward] private Tensor First(Tensor input) => input;\n    [Forward] private Tensor [|Forward|](Tensor input) => input;\n", "second")]
    public void ML0013_invalid_forward(string forward, string reason)
        => AssertDiagnostic("ML0013", "Forward", Trainer(Header, TupleModel, Optimizer, TargetLoss, forward), alsoInMessage: reason);

    [Test]
    public void ML0014_second_step()
        => AssertDiagnostic("ML0014", "Train", Trainer(Header, Model, Optimizer, Loss,
            "    public partial StepResult Step(Tensor input, Tensor target);\n",
            "    public partial StepResult [|Train|](Tensor input, Tensor target);\n"));

    [Test]
    public void ML0015_containing_type_not_partial()
        => AssertDiagnostic("ML0015", "Outer", Nested("public class [|Outer|]\n", Header, Model, Optimizer, Loss));

    [Test]
    public void ML0016_generic_trainer()
        => AssertDiagnostic("ML0016", "BadTrainer", Trainer(Attribute + "public partial class [|BadTrainer|]<TItem>\n", Model, Optimizer, Loss),
            alsoInMessage: "generic");

    [Test]
    public void ML0016_trainer_nested_in_a_generic_type()
        => AssertDiagnostic("ML0016", "BadTrainer", Nested("public partial class Outer<TItem>\n", Attribute + "public partial class [|BadTrainer|]\n", Model, Optimizer, Loss),
            alsoInMessage: "nested in the generic type 'Outer<TItem>'");

    [TestCase("struct", "a struct")]
    [TestCase("record struct", "a record")]
    public void ML0016_struct_trainer(string keyword, string kind)
        => AssertDiagnostic("ML0016", "BadTrainer", Trainer(Attribute + $"public partial {keyword} [|BadTrainer|]\n", Model, Optimizer, Loss),
            alsoInMessage: kind);

    [TestCase("    [Model] private static nn.Module<Tensor, Tensor> [|model|] = null!;\n" + Optimizer + Loss, "model")]
    [TestCase(Model + Optimizer + "    [Loss] private static Tensor [|Regression|](Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n", "Regression")]
    [TestCase(Model + Optimizer + "    [Loss] private Tensor [|Regression|]<T>(Tensor output) => output.mean();\n", "Regression")]
    [TestCase(Model + Optimizer + "    [Loss] private Tensor Regression(Tensor output, in Tensor [|target|]) => nn.functional.mse_loss(output, target);\n", "target")]
    [TestCase(Model + Optimizer + Loss + "    public static partial StepResult [|Step|](Tensor input, Tensor target);\n", "Step")]
    public void ML0017_member_cannot_take_part(string members, string name)
        => AssertDiagnostic("ML0017", name, Trainer(Header, members));

    [TestCase("    [Model] private readonly object [|model|] = null!;\n" + Optimizer + Loss, "model")]
    [TestCase(Model + "    [Optimizer] private readonly Tensor [|optimizer|] = null!;\n" + Loss, "optimizer")]
    public void ML0018_member_of_the_wrong_type(string members, string name)
        => AssertDiagnostic("ML0018", name, Trainer(Header, members));

    [Test]
    public void ML0019_duplicate_loss_name()
        => AssertDiagnostic("ML0019", "Regression", Trainer(Header, Model, Optimizer,
            "    [Loss] private Tensor Regression(Tensor output) => output.mean();\n",
            "    [Loss] private Tensor [|Regression|](Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n"));

    private const string Activity = "    [Loss] private Tensor Activity(Tensor output) => output.mean();\n";

    [Test]
    public void ML0020_gate_threshold_is_nan()
        => AssertDiagnostic("ML0020", "Activity", Trainer(Header, Model, Optimizer, Loss,
            "    [GateOn([|double.NaN|])]\n" + Activity));

    [Test]
    public void ML0021_gate_watches_something_that_is_not_a_loss()
        => AssertDiagnostic("ML0021", "Nothing", Trainer(Header, Model, Optimizer, Loss,
            "    [GateOn(0.1, [|On = \"Nothing\"|])]\n" + Activity), alsoInMessage: "'Activity'");

    [Test]
    public void ML0022_gate_watching_itself()
        => AssertDiagnostic("ML0022", "Activity", Trainer(Header, Model, Optimizer, Loss,
            "    [GateOn(0.1, [|On = nameof(Activity)|])]\n" + Activity), alsoInMessage: "Activity → Activity");

    [Test]
    public void ML0022_two_gates_watching_each_other_are_both_reported()
        => AssertDiagnostic("ML0022", null, Trainer(Header, Model, Optimizer, Loss,
            "    [GateOn(0.1, [|On = nameof(Second)|])]\n    [Loss] private Tensor First(Tensor output) => output.mean();\n",
            "    [GateOn(0.1, [|On = nameof(First)|])]\n    [Loss] private Tensor Second(Tensor output) => output.abs().mean();\n"));

    [Test]
    public void ML0023_gate_on_the_only_loss()
        => AssertDiagnostic("ML0023", "Regression", Trainer(Header, Model, Optimizer, "    [[|GateOn(0.1)|]]\n" + Loss), alsoInMessage: "only loss");

    [Test]
    public void ML0023_every_loss_gated_leaves_no_primary_loss()
        => AssertDiagnostic("ML0023", null, Trainer(Header, Model, Optimizer, "    [[|GateOn(0.1)|]]\n" + Loss, "    [[|GateOn(0.2)|]]\n" + Activity),
            alsoInMessage: "no primary loss");

    [Test]
    public void ML0024_phase_without_loss()
        => AssertDiagnostic("ML0024", null, Trainer(Attribute + "[Phase(1, Steps = 10)]\n[[|Phase(2)|]]\npublic partial class BadTrainer\n",
            Model, Optimizer, "    [Phase(1)]\n" + Loss, "    [Phase(1)]\n" + Activity), alsoInMessage: "phase 2");

    [TestCase("", "declares no phases")]
    [TestCase("[Phase(1, Steps = 10)]\n[Phase(2)]\n", "declared phases are 1, 2")]
    public void ML0025_loss_names_an_undeclared_phase(string phases, string reason)
        => AssertDiagnostic("ML0025", "Activity", Trainer(Attribute + phases + "public partial class BadTrainer\n",
            Model, Optimizer, Loss, "    [[|Phase(3)|]]\n" + Activity), alsoInMessage: reason);

    [Test]
    public void ML0026_separate_backward_with_a_single_loss_is_a_warning()
        => AssertDiagnostic("ML0026", "BadTrainer", Trainer("[[|MultiLossTrainer(Backward = BackwardMode.Separate)|]]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss), severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0026_separate_phase_with_a_single_loss_is_a_warning()
        => AssertDiagnostic("ML0026", "BadTrainer (phase 2)", Trainer(Attribute + "[Phase(1, Steps = 10)]\n[[|Phase(2, Backward = BackwardMode.Separate)|]]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    [Phase(1)]\n" + Activity), severity: DiagnosticSeverity.Warning);

    [TestCase(0)]
    [TestCase(-3)]
    public void ML0027_phase_length_not_positive(int steps)
        => AssertDiagnostic("ML0027", null, Trainer(Attribute + $"[Phase(1, [|Steps = {steps}|])]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss), alsoInMessage: $"Phase 1 ends after {steps} steps");

    [Test]
    public void ML0028_phase_declared_twice()
        => AssertDiagnostic("ML0028", null, Trainer(Attribute + "[Phase(1, Steps = 10)]\n[[|Phase(1)|]]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss), alsoInMessage: "Phase 1");

    [TestCase("", "is not a method of the trainer")]
    [TestCase("    private int Converged() => 0;\n", "is not a parameterless instance method returning bool")]
    [TestCase("    private bool Converged(int step) => step > 0;\n", "is not a parameterless instance method returning bool")]
    public void ML0029_phase_end_condition_is_not_a_bool_method(string method, string reason)
        => AssertDiagnostic("ML0029", "Converged", Trainer(Attribute + "[Phase(1, [|Until = \"Converged\"|])]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, method), alsoInMessage: reason);

    [Test]
    public void ML0030_phase_with_two_end_conditions()
        => AssertDiagnostic("ML0030", null, Trainer(Attribute + "[[|Phase(1, Steps = 10, Until = nameof(Converged))|]]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    private bool Converged() => false;\n"), alsoInMessage: "Phase 1");

    [TestCase("[[|Phase(1, Steps = 10)|]]\n", "Phase 1")]
    [TestCase("[Phase(1, Steps = 10)]\n[[|Phase(2, Until = nameof(Converged))|]]\n", "Phase 2")]
    public void ML0031_last_phase_with_an_end_is_a_warning(string phases, string phase)
        => AssertDiagnostic("ML0031", null, Trainer(Attribute + phases + "public partial class BadTrainer\n",
            Model, Optimizer, Loss, "    private bool Converged() => false;\n"), alsoInMessage: phase, severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0032_gate_watches_a_loss_outside_the_phase()
        => AssertDiagnostic("ML0032", "Regression", Trainer(Attribute + "[Phase(1, Steps = 10)]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, "    [Phase(1)]\n" + Loss, "    [[|GateOn(0.1)|]]\n    [Phase(2)]\n" + Activity), alsoInMessage: "'Activity'");

    [TestCase("Total")]
    [TestCase("Phase")]
    [TestCase("ToString")]
    [TestCase("GetLoss")]
    [TestCase("SmoothnessGateOpen")]
    [TestCase("GetValue")]
    [TestCase("IsEvaluation")]
    public void ML0033_loss_name_collides_with_a_step_result_member(string name)
        => AssertDiagnostic("ML0033", name, Trainer(Header, Model, Optimizer, Loss,
            $"    [Loss] private Tensor [|{name}|](Tensor output) => output.mean();\n"));

    [Test]
    public void ML0016_record_trainer()
        => AssertDiagnostic("ML0016", "BadTrainer", Trainer(Attribute + "public partial record [|BadTrainer|]\n", Model, Optimizer, Loss),
            alsoInMessage: "a record");

    [TestCase("    public void [|Dispose|]() { }\n", "Dispose")]
    [TestCase("    public long [|StepsTaken|] => 0;\n", "StepsTaken")]
    [TestCase("    public struct [|StepResult|] { }\n", "StepResult")]
    [TestCase("    public int [|Step|](Tensor input, Tensor target) => 0;\n", "Step")]
    [TestCase("    partial void [|Step|](Tensor input, Tensor target);\n", "Step")]
    [TestCase("    public double [|Evaluate|](Tensor input, Tensor target) => 0;\n", "Evaluate")]
    public void ML0034_member_the_generator_declares(string member, string name)
        => AssertDiagnostic("ML0034", name, Trainer(Header, Model, Optimizer, Loss, member));

    [Test]
    public void ML0034_phase_property_on_a_phased_trainer()
        => AssertDiagnostic("ML0034", "Phase", Trainer(Attribute + "[Phase(1, Steps = 5)]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    public int [|Phase|] { get; set; }\n"));

    [TestCase("    [Loss] private Tensor [|__Extra|](Tensor output) => output.mean();\n", "__Extra")]
    [TestCase("    public partial StepResult Train(Tensor [|__images|], Tensor target);\n    [Loss] private Tensor Extra(Tensor output) => output.mean();\n", "__images")]
    public void ML0035_name_reserved_for_generated_code(string members, string name)
        => AssertDiagnostic("ML0035", name, Trainer(Header, Model, Optimizer, members));

    [Test]
    public void ML0035_forward_output_named_like_a_generated_local()
        => AssertDiagnostic("ML0035", "__total", Trainer(Header, TupleModel, Optimizer,
            "    [Forward] private (Tensor __total, Tensor recon) [|Forward|](Tensor input) => model.forward(input);\n",
            "    [Loss] private Tensor Reconstruction(Tensor recon) => recon.mean();\n"));

    [TestCase("Nothing", "is not a field or property")]
    [TestCase("optimizer", "is not a torch.nn.Module")]
    [TestCase("Shared", "is static")]
    public void ML0036_updates_does_not_name_a_module_member(string member, string reason)
        => AssertDiagnostic("ML0036", "Regression", Trainer(Header, Model, Optimizer,
            "    private static readonly nn.Module<Tensor, Tensor> Shared = null!;\n",
            $"    [Loss(0.5, [|Updates = \"{member}\"|])] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n"),
            alsoInMessage: reason);

    [Test]
    public void ML0037_negative_warmup()
        => AssertDiagnostic("ML0037", "Regression", Trainer(Header, Model, Optimizer,
            "    [Loss(0.5, [|WarmupSteps = -3|])] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n"),
            alsoInMessage: "-3");

    [TestCase("0.0")]
    [TestCase("-1.0")]
    [TestCase("double.NaN")]
    [TestCase("double.PositiveInfinity")]
    public void ML0038_invalid_clip_norm(string maxNorm)
        => AssertDiagnostic("ML0038", "BadTrainer", Trainer($"[MultiLossTrainer, ClipGradNorm([|{maxNorm}|])]\npublic partial class BadTrainer\n", Model, Optimizer, Loss));

    [TestCase(0)]
    [TestCase(-2)]
    public void ML0039_accumulation_not_positive(int steps)
        => AssertDiagnostic("ML0039", "BadTrainer", Trainer($"[MultiLossTrainer, AccumulateGradients([|{steps}|])]\npublic partial class BadTrainer\n", Model, Optimizer, Loss),
            alsoInMessage: steps.ToString(CultureInfo.InvariantCulture));

    [Test]
    public void ML0034_skipped_steps_on_a_guarded_trainer()
        => AssertDiagnostic("ML0034", "SkippedSteps", Trainer("[MultiLossTrainer, SkipNonFinite]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    public long [|SkippedSteps|] => 0;\n"));

    [Test]
    public void ML0033_loss_named_like_a_ramped_loss_weight()
        => AssertDiagnostic("ML0033", "RegressionWeight", Trainer(Header, Model, Optimizer,
            "    [Loss(0.5, WarmupSteps = 10)] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n",
            "    [Loss] private Tensor [|RegressionWeight|](Tensor output) => output.mean();\n"));

    [Test]
    public void ML0040_chained_gates_deciding_in_different_places()
        => AssertDiagnostic("ML0040", "Second", Trainer(Header, Model, Optimizer, Loss,
            "    [Loss, GateOn(0.5, Evaluation = GateEvaluation.Device)] private Tensor First(Tensor output) => output.mean();\n",
            "    [Loss, [|GateOn(0.1, On = nameof(First))|]] private Tensor Second(Tensor output) => output.abs().mean();\n"),
            alsoInMessage: "'First'");

    [TestCase("    public partial Tensor [|Train|](Tensor input, Tensor target);\n", "Tensor")]
    [TestCase("    internal partial void [|Train|](Tensor input);\n", "void")]
    [TestCase("    virtual partial void [|Train|](Tensor input, Tensor target);\n", "void")]
    public void ML0041_declared_step_with_the_wrong_return_type(string step, string returnType)
        => AssertDiagnostic("ML0041", "Train", Trainer(Header, Model, Optimizer, Loss, step), alsoInMessage: $"'{returnType}'");

    [TestCase("    [[|GateOn(0.1)|]] private Tensor Helper(Tensor output) => output.mean();\n", "[GateOn] on a method without [Loss]")]
    [TestCase("    [[|Phase(1)|]] private Tensor Helper(Tensor output) => output.mean();\n", "[Phase] on a method without [Loss]")]
    [TestCase("    [Metric, [|GateOn(0.1)|]] private Tensor Helper(Tensor output) => output.mean();\n", "[GateOn] on a metric, which is computed in every step")]
    [TestCase("    [Metric, [|Phase(1)|]] private Tensor Helper(Tensor output) => output.mean();\n", "[Phase] on a metric, which is computed in every phase")]
    public void ML0042_attribute_on_a_method_that_is_not_a_loss(string member, string reason)
        => AssertDiagnostic("ML0042", "Helper", Trainer(Header, Model, Optimizer, Loss, member),
            alsoInMessage: reason, severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0042_shared_layer_while_aggregating_at_a_representation()
        => AssertDiagnostic("ML0042", "Body", Trainer("[MultiLossTrainer, UPGrad, AggregateAt(\"hidden\")]\npublic partial class BadTrainer\n",
            Model, Optimizer,
            "    [SharedLayer] private nn.Module<Tensor, Tensor> [|Body|] => model;\n",
            "    [Forward] private (Tensor hidden, Tensor output) Forward(Tensor input) => (input, model.forward(input));\n",
            "    public partial StepResult Step(Tensor input, Tensor target);\n",
            "    [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n",
            "    [Loss] private Tensor Sparsity(Tensor hidden) => hidden.abs().mean();\n"),
            alsoInMessage: "[SharedLayer] while the trainer aggregates at a representation", severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0042_phase_end_set_on_a_loss()
        => AssertDiagnostic("ML0042", "Activity", Trainer(Attribute + "[Phase(1, Steps = 5)]\n[Phase(2)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    [[|Phase(2, Steps = 3)|]]\n" + Activity), severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0017_generic_forward()
        => AssertDiagnostic("ML0017", "Forward", Trainer(Header, TupleModel, Optimizer,
            "    [Forward] private (Tensor logits, Tensor recon) [|Forward|]<T>(Tensor input) => model.forward(input);\n",
            "    [Loss] private Tensor Reconstruction(Tensor recon) => recon.mean();\n"), alsoInMessage: "generic");

    [Test]
    public void ML0017_write_only_model_property()
        => AssertDiagnostic("ML0017", "Net", Trainer(Header,
            "    [Model] private nn.Module<Tensor, Tensor> [|Net|] { set { } }\n", Optimizer, Loss), alsoInMessage: "without a getter");

    [Test]
    public void ML0019_two_losses_with_the_same_report_name()
        => AssertDiagnostic("ML0019", "fit", Trainer(Header, Model, Optimizer,
            "    [Loss(Name = \"fit\")] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n",
            "    [Loss(Name = \"fit\")] private Tensor [|Activity|](Tensor output) => output.mean();\n"));

    [Test]
    public void ML0046_gradnorm_without_a_shared_layer()
        => AssertDiagnostic("ML0046", "BadTrainer", Trainer("[MultiLossTrainer([|Weighting = LossWeighting.GradNorm|])]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity));

    [Test]
    public void ML0044_gradnorm_with_a_gate()
        => AssertDiagnostic("ML0044", null, Trainer("[MultiLossTrainer(Weighting = LossWeighting.GradNorm)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, "    [SharedLayer] private nn.Module<Tensor, Tensor> Body => model;\n",
            "    [Loss, [|GateOn(0.1)|]] private Tensor Activity(Tensor output) => output.mean();\n"), alsoInMessage: "every loss on every step");

    [Test]
    public void ML0046_two_shared_layers()
        => AssertDiagnostic("ML0046", "BadTrainer", Trainer("[MultiLossTrainer(Aggregation = GradientAggregation.PCGrad)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity,
            "    [SharedLayer] private nn.Module<Tensor, Tensor> First => model;\n",
            "    [SharedLayer] private nn.Module<Tensor, Tensor> [|Second|] => model;\n"));

    [TestCase("    [Loss(0.5, [|WarmupSteps = 10|])] private Tensor Activity(Tensor output) => output.mean();\n", "WarmupSteps on 'Activity'")]
    [TestCase("    [Loss, [|GateOn(0.1, Evaluation = GateEvaluation.Device)|]] private Tensor Activity(Tensor output) => output.mean();\n", "device gate")]
    public void ML0044_adaptive_weighting_combined_with_something_it_cannot(string member, string conflict)
        => AssertDiagnostic("ML0044", null, Trainer("[MultiLossTrainer(Weighting = LossWeighting.Uncertainty)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, member), alsoInMessage: conflict);

    [TestCase("0.0")]
    [TestCase("double.NaN")]
    public void ML0045_dwa_temperature_not_positive(string temperature)
        => AssertDiagnostic("ML0045", "BadTrainer", Trainer($"[MultiLossTrainer(Weighting = LossWeighting.DynamicWeightAverage, [|DwaTemperature = {temperature}|])]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity));

    [TestCase("[MultiLossTrainer, GradNorm([|Alpha = -1.0|])]", "[GradNorm] with Alpha = -1; it must be a finite number ≥ 0")]
    [TestCase("[MultiLossTrainer, DynamicWeightAverage([|Temperature = 0.0|])]", "[DynamicWeightAverage] with Temperature = 0; it must be a finite number > 0")]
    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.GradNorm, [|GradNormAlpha = double.PositiveInfinity|])]", "with GradNormAlpha = Infinity")]
    [TestCase("[MultiLossTrainer, CAGrad([|C = -0.5|])]", "[CAGrad] with C = -0.5; it must be a finite number ≥ 0")]
    [TestCase("[MultiLossTrainer, UPGrad([|Regularization = double.NaN|])]", "[UPGrad] with Regularization = NaN")]
    public void ML0045_method_hyperparameter_out_of_its_bounds(string attributes, string message)
        => AssertDiagnostic("ML0045", "BadTrainer", Trainer(attributes + "\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity, SharedLayer), alsoInMessage: message);

    [TestCase("1/3", "1/3", "0", "1.0 / 3")]
    [TestCase("(3 / 2)", "3 / 2", "1", "3.0 / 2")]
    public void ML0058_a_weight_that_divides_integers(string written, string shown, string value, string fraction)
        => AssertDiagnostic("ML0058", "Confidence", Trainer("[MultiLossTrainer]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, $"    [Loss([|{written}|])]\n    private Tensor Confidence(Tensor output) => output.pow(2).mean();\n"),
            alsoInMessage: $"is {shown}, a division of integers, which C# computes as {value}; write {fraction}", severity: DiagnosticSeverity.Warning);

    [TestCase("1.0/3")]
    [TestCase("1/3.0")]
    [TestCase("0.5")]
    public void A_weight_with_a_decimal_point_is_no_integer_division(string written)
    {
        var output = GeneratorHarness.Run(Trainer("[MultiLossTrainer]\npublic partial class GoodTrainer\n",
            Model, Optimizer, Loss, $"    [Loss({written})]\n    private Tensor Confidence(Tensor output) => output.pow(2).mean();\n"));

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
    }

    [Test]
    public void ML0059_every_weight_zero()
        => AssertDiagnostic("ML0059", "BadTrainer", Trainer("[MultiLossTrainer]\npublic partial class [|BadTrainer|]\n",
            Model, Optimizer, "    [Loss(0)]\n    private Tensor Classification(Tensor output, Tensor target) => nn.functional.cross_entropy(output, target);\n",
            "    [Loss(0.0)]\n    private Tensor Confidence(Tensor output) => output.pow(2).mean();\n"), severity: DiagnosticSeverity.Warning);

    /// <summary>A user's method with one bound of each kind, to check each exactly at its bound.</summary>
    private const string BoundedMethod = """
        public sealed class BoundedAttribute : GradientAggregationMethodAttribute
        {
            [MultiLoss.Methods.GreaterThan(0.0)] public double Above { get; set; } = 1.0;
            [MultiLoss.Methods.AtLeast(0.0)] public double AtLeast { get; set; } = 1.0;
            [MultiLoss.Methods.LessThan(2.0)] public double Below { get; set; } = 1.0;
            [MultiLoss.Methods.AtMost(2.0)] public double AtMost { get; set; } = 1.0;
            public override MultiLoss.Methods.GradientAggregationMethod Create() => null!;
        }

        """;

    [TestCase("[MultiLossTrainer, Bounded(AtLeast = 0.0, AtMost = 2.0)]", "a user's AtLeast(0) and AtMost(2)")]
    [TestCase("[MultiLossTrainer, CAGrad(C = 0.0)]", "CAGrad's C, AtLeast(0)")]
    [TestCase("[MultiLossTrainer, GradDrop(Leak = 1.0), AggregateAt(\"output\")]", "GradDrop's Leak, AtMost(1)")]
    [TestCase("[MultiLossTrainer, GradVac(Beta = 0.0)]", "GradVac's Beta, AtLeast(0)")]
    [TestCase("[MultiLossTrainer, FairGrad(Alpha = 0.01)]", "FairGrad's Alpha, AtLeast(0.01)")]
    [TestCase("[MultiLossTrainer, FairGrad(Alpha = 10.0)]", "FairGrad's Alpha, AtMost(10)")]
    [TestCase("[MultiLossTrainer, NashMtl(UpdateWeightsEvery = 1)]", "Nash-MTL's UpdateWeightsEvery, AtLeast(1)")]
    public void A_hyperparameter_exactly_at_an_inclusive_bound_compiles_without_a_diagnostic(string attributes, string bound)
    {
        var output = GeneratorHarness.Run(Trainer(BoundedMethod + attributes + "\npublic partial class GoodTrainer\n", Model, Optimizer, Loss, Activity));

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty, bound);
        Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { "Samples.GoodTrainer.MultiLoss.g.cs" }));
    }

    [TestCase("[MultiLossTrainer, Bounded([|Above = 0.0|])]", "[Bounded] with Above = 0; it must be a finite number > 0")]
    [TestCase("[MultiLossTrainer, Bounded([|Below = 2.0|])]", "[Bounded] with Below = 2; it must be a finite number < 2")]
    [TestCase("[MultiLossTrainer, DBMtl([|Beta = 1.0|])]", "[DBMtl] with Beta = 1; it must be a finite number < 1")]
    [TestCase("[MultiLossTrainer, MoCo([|Beta = 0.0|])]", "[MoCo] with Beta = 0; it must be a finite number > 0")]
    [TestCase("[MultiLossTrainer, ExcessMtl([|StepSize = 0.0|])]", "[ExcessMtl] with StepSize = 0; it must be a finite number > 0")]
    public void A_hyperparameter_exactly_at_an_exclusive_bound_reports_ML0045(string attributes, string message)
        => AssertDiagnostic("ML0045", "BadTrainer", Trainer(BoundedMethod + attributes + "\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity, SharedLayer), alsoInMessage: message);

    /// <summary>A method a user writes: an aggregation attribute with a bounded hyperparameter that needs a shared layer.</summary>
    private const string UserMethod = """
        [MultiLoss.Methods.RequiresSharedLayer]
        public sealed class ScaledSumAttribute : GradientAggregationMethodAttribute
        {
            [MultiLoss.Methods.AtMost(1.0)] public double Scale { get; set; } = 1.0;
            public override MultiLoss.Methods.GradientAggregationMethod Create() => null!;
        }

        """;

    [Test]
    public void ML0045_a_users_method_hyperparameter_is_checked_against_its_declared_bound()
        => AssertDiagnostic("ML0045", "BadTrainer", Trainer(UserMethod + "[MultiLossTrainer, ScaledSum([|Scale = 2.0|])]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity, SharedLayer), alsoInMessage: "[ScaledSum] with Scale = 2; it must be a finite number ≤ 1");

    [Test]
    public void ML0046_a_users_method_that_requires_a_shared_layer()
        => AssertDiagnostic("ML0046", "BadTrainer", Trainer(UserMethod + "[MultiLossTrainer, [|ScaledSum|]]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity), alsoInMessage: "for [ScaledSum]");

    [Test]
    public void ML0044_a_weighting_method_with_separate_backward()
        => AssertDiagnostic("ML0044", null, Trainer("[[|MultiLossTrainer(Backward = BackwardMode.Separate)|], UncertaintyWeighting]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity), alsoInMessage: "[UncertaintyWeighting] cannot be combined with BackwardMode.Separate");

    [Test]
    public void ML0044_a_weighting_method_with_an_aggregation_method()
        => AssertDiagnostic("ML0044", null, Trainer("[MultiLossTrainer, UncertaintyWeighting, [|PCGrad|]]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity), alsoInMessage: "[PCGrad] cannot be combined with [UncertaintyWeighting]");

    [Test]
    public void ML0050_an_aggregation_attribute_with_a_single_loss()
        => AssertDiagnostic("ML0050", "BadTrainer", Trainer("[MultiLossTrainer, [|PCGrad|]]\npublic partial class BadTrainer\n", Model, Optimizer, Loss),
            alsoInMessage: "uses [PCGrad] with a single loss", severity: DiagnosticSeverity.Warning);

    [TestCase("[MultiLossTrainer, UncertaintyWeighting, [|DynamicWeightAverage|]]", "[UncertaintyWeighting] and [DynamicWeightAverage]")]
    [TestCase("[MultiLossTrainer(Weighting = LossWeighting.Uncertainty), [|GradNorm|]]", "LossWeighting.Uncertainty and [GradNorm]")]
    public void ML0055_two_weighting_methods(string attributes, string message)
        => AssertDiagnostic("ML0055", "BadTrainer", Trainer(attributes + "\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, Activity, SharedLayer), alsoInMessage: message);

    [TestCase("[MultiLossTrainer, UPGrad, AggregateAt([|\"hidden\"|])]", "the forward pass has no output of that name; name one of: output")]
    [TestCase("[MultiLossTrainer, AggregateAt([|\"output\"|])]", "no gradient-aggregation method works on it")]
    [TestCase("[MultiLossTrainer, UncertaintyWeighting, AggregateAt([|\"output\"|])]", "no gradient-aggregation method works on it")]
    [TestCase("[MultiLossTrainer, MoCo, AggregateAt([|\"output\"|])]", "[MoCo] works only on the gradients of the shared parameters")]
    [TestCase("[MultiLossTrainer, DBMtl, AggregateAt([|\"output\"|])]", "[DBMtl] works only on the gradients of the shared parameters")]
    public void ML0056_representation_mode_cannot_apply(string attributes, string message)
        => AssertDiagnostic("ML0056", "BadTrainer", Trainer(attributes + "\npublic partial class BadTrainer\n", Model, Optimizer, Loss, Activity),
            alsoInMessage: message);

    [Test]
    public void ML0056_a_nullable_forward_output_cannot_be_the_representation()
        => AssertDiagnostic("ML0056", "BadTrainer", Trainer("[MultiLossTrainer, UPGrad, AggregateAt([|\"hidden\"|])]\npublic partial class BadTrainer\n",
            Model, Optimizer,
            "    [Forward] private (Tensor? hidden, Tensor output) Forward(Tensor input) => (input, model.forward(input));\n",
            "    [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n",
            Activity), alsoInMessage: "declared Tensor?");

    [Test]
    public void A_refused_trainer_with_a_declared_step_has_the_ML_error_alone()
    {
        // No optimizer: ML0005. Without the stub, StepResult would not exist (CS0246) and Train would have no body (CS8795),
        // and the user's own code that calls the step would not compile either.
        var source = Trainer(Header, Model, Loss,
            "    public partial StepResult Train(Tensor input, Tensor target);\n",
            "    public string TrainOnce(Tensor x, Tensor y) => Train(x, y).ToString() ?? \"\";\n");

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.Id), Is.EqualTo(new[] { "ML0005" }));
        Assert.That(Errors(GeneratorHarness.CreateCompilation(source)), Has.Some.Contains("CS0246").And.Some.Contains("CS8795"), "precondition: without the stub");
        Assert.That(Errors(output.Compilation), Is.Empty, "errors beside ML0005");
    }

    [Test]
    public void ML0061_a_forward_output_no_loss_takes()
        => AssertDiagnostic("ML0061", "hidden", Trainer(Header, Model, Optimizer,
            "    [Forward] private (Tensor hidden, Tensor output) [|Forward|](Tensor input) => (input, model.forward(input));\n", Loss),
            severity: DiagnosticSeverity.Warning);

    [Test]
    public void ML0062_an_attribute_that_creates_a_method_but_is_not_a_method_attribute()
        => AssertDiagnostic("ML0062", "BadTrainer", Usings + "public sealed class LookalikeAttribute : System.Attribute\n{\n"
            + "    public MultiLoss.Methods.GradientAggregationMethod Create() => new UPGradAttribute().Create();\n}\n\n"
            + Class("[MultiLossTrainer, [|Lookalike|]]\npublic partial class BadTrainer\n", [Model, Optimizer, Loss, Activity]),
            alsoInMessage: "[Lookalike] on the trainer", severity: DiagnosticSeverity.Warning);

    private const string Accuracy = "    [Metric] private Tensor Accuracy(Tensor output, Tensor target) => output.argmax(1).eq(target).to_type(ScalarType.Float32).mean();\n";

    [Test]
    public void ML0063_a_member_that_is_both_a_loss_and_a_metric()
        => AssertDiagnostic("ML0063", "Smoothness", Trainer(Header, Model, Optimizer, Loss,
            "    [Loss, [|Metric|]] private Tensor Smoothness(Tensor output) => output.abs().mean();\n"), alsoInMessage: "both [Loss] and [Metric]");

    [Test]
    public void ML0064_metric_not_returning_a_tensor()
        => AssertDiagnostic("ML0064", "Accuracy", Trainer(Header, Model, Optimizer, Loss,
            "    [Metric] private double [|Accuracy|](Tensor output) => 0.0;\n"), alsoInMessage: "'double'");

    [TestCase("    [Metric] private Tensor [|Total|](Tensor output) => output.mean();\n", "Total", "the member 'Total' every StepResult has")]
    [TestCase("    [Metric] private Tensor [|Regression|](Tensor output) => output.mean();\n", "Regression", "the loss 'Regression'")]
    [TestCase("    [Metric] private Tensor [|RegressionGateOpen|](Tensor output) => output.mean();\n", "RegressionGateOpen", "the state of a gate")]
    [TestCase("    [Metric([|Name = \"Regression\"|])] private Tensor Fit(Tensor output) => output.mean();\n", "Regression", "the loss 'Regression'; a step reports each value under a name of its own: choose another Name")]
    [TestCase(Accuracy + "    [Metric([|Name = nameof(Accuracy)|])] private Tensor Hits(Tensor output) => output.mean();\n", "Accuracy", "the metric 'Accuracy' declared before it")]
    public void ML0065_metric_name_already_taken(string members, string name, string takenBy)
        => AssertDiagnostic("ML0065", name, Trainer(Header, Model, Optimizer, Loss, members), alsoInMessage: "is taken by " + takenBy);

    [Test]
    public void ML0065_metric_named_like_the_weight_a_method_reports()
        => AssertDiagnostic("ML0065", "RegressionWeight", Trainer("[MultiLossTrainer, UPGrad]\npublic partial class BadTrainer\n", Model, Optimizer, Loss, Activity,
            "    [Metric] private Tensor [|RegressionWeight|](Tensor output) => output.mean();\n"), alsoInMessage: "the weight of the loss 'Regression'");

    [Test]
    public void ML0066_gate_watches_a_metric()
        => AssertDiagnostic("ML0066", "Accuracy", Trainer(Header, Model, Optimizer, Loss, Accuracy,
            "    [GateOn(0.9, [|On = nameof(Accuracy)|])]\n" + Activity), alsoInMessage: "'Activity' watches 'Accuracy', which is a [Metric]");

    [Test]
    public void ML0008_metric_parameter_binds_to_nothing()
        => AssertDiagnostic("ML0008", "labels", Trainer(Header, Model, Optimizer, Loss,
            "    [Metric] private Tensor Accuracy(Tensor output, Tensor [|labels|]) => output.argmax(1).eq(labels).to_type(ScalarType.Float32).mean();\n"),
            alsoInMessage: "available names are: input, target, output");

    [Test]
    public void ML0017_static_metric()
        => AssertDiagnostic("ML0017", "Accuracy", Trainer(Header, Model, Optimizer, Loss,
            "    [Metric] private static Tensor [|Accuracy|](Tensor output) => output.mean();\n"), alsoInMessage: "a metric must be an instance method");

    [Test]
    public void A_forward_output_only_a_metric_takes_is_used()
    {
        var source = Trainer(Attribute + "public partial class GoodTrainer\n", TupleModel, Optimizer,
            "    [Forward] private (Tensor logits, Tensor hidden) Forward(Tensor input) => model.forward(input);\n",
            "    [Loss] private Tensor Classification(Tensor logits, Tensor target) => nn.functional.cross_entropy(logits, target);\n",
            "    [Metric] private Tensor Activation(Tensor hidden) => hidden.abs().mean();\n");

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
        Assert.That(output.SingleSource("Samples.GoodTrainer.MultiLoss.g.cs"), Does.Contain("this.Activation(hidden)"));
    }

    private const string OpenMethod = "    [Method] private readonly TrainingMethodAttribute method = new UPGradAttribute();\n";

    [TestCase("[MultiLossTrainer, [|UPGrad|]]", OpenMethod, Activity, "[UPGrad]")]
    [TestCase(Attribute, OpenMethod, "    [Loss, [|GateOn(0.1)|]] private Tensor Activity(Tensor output) => output.mean();\n", "the gate of 'Activity'")]
    [TestCase("[MultiLossTrainer, AccumulateGradients([|2|])]", OpenMethod, Activity, "[AccumulateGradients]")]
    [TestCase("[MultiLossTrainer, [|Phase(1)|]]", OpenMethod, Activity, "phase 1")]
    [TestCase(Attribute, OpenMethod, "    [Loss(0.5, [|WarmupSteps = 10|])] private Tensor Activity(Tensor output) => output.mean();\n", "WarmupSteps on 'Activity'")]
    [TestCase(Attribute, OpenMethod + "    [Method] private readonly TrainingMethodAttribute [|other|] = new MgdaAttribute();\n", Activity, "a second [Method] member 'other'")]
    public void ML0060_an_open_method_with_what_it_cannot_run_with(string attributes, string method, string loss, string conflict)
        => AssertDiagnostic("ML0060", null, Trainer(attributes + "\npublic partial class BadTrainer\n", Model, Optimizer, Loss, method, loss),
            alsoInMessage: conflict);

    [Test]
    public void An_open_method_of_another_type_is_refused()
        => AssertDiagnostic("ML0018", "method", Trainer(Header, Model, Optimizer, Loss, Activity,
            "    [Method] private readonly object [|method|] = new UPGradAttribute();\n"), alsoInMessage: "MultiLoss.TrainingMethodAttribute");

    [Test]
    public void An_open_method_with_a_shared_layer_and_a_representation_compiles_without_diagnostics()
    {
        var source = Trainer("[MultiLossTrainer, AggregateAt(\"hidden\")]\npublic partial class GoodTrainer\n",
            Model, Optimizer, OpenMethod,
            "    [Forward] private (Tensor hidden, Tensor output) Forward(Tensor input) => (input, model.forward(input));\n",
            "    public partial StepResult Step(Tensor input, Tensor target);\n",
            "    [Loss] private Tensor Regression(Tensor output, Tensor target) => nn.functional.mse_loss(output, target);\n",
            "    [Loss] private Tensor Sparsity(Tensor hidden) => hidden.abs().mean();\n");
        var output = GeneratorHarness.Run(source);
        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
        Assert.That(output.SingleSource("Samples.GoodTrainer.MultiLoss.g.cs"), Does.Contain("__method!.Backward(__methodLosses, __total, hidden);"));
    }

    [Test]
    public void ML0057_GradDrop_needs_a_representation()
        => AssertDiagnostic("ML0057", "BadTrainer", Trainer("[MultiLossTrainer, [|GradDrop|]]\npublic partial class BadTrainer\n", Model, Optimizer, Loss, Activity),
            alsoInMessage: "uses [GradDrop], which works on the gradients of a representation");

    [Test]
    public void Representation_mode_on_a_forward_output_compiles_without_diagnostics()
    {
        var source = Trainer("[MultiLossTrainer, GradDrop(Leak = 0.5), AggregateAt(\"hidden\")]\npublic partial class GoodTrainer\n",
            Model, Optimizer,
            "    public partial StepResult Step(Tensor x, Tensor target);\n",
            "    [Forward] private (Tensor hidden, Tensor output) Forward(Tensor x) { var hidden = x.tanh(); return (hidden, model.forward(hidden)); }\n",
            Loss, Activity);

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty);
        Assert.That(output.SingleSource("Samples.GoodTrainer.MultiLoss.g.cs"), Does.Contain("BackwardAt(hidden, "));
    }

    private const string TrainerBase = "public abstract class TrainerBase\n{\n";

    [TestCase("    [Loss] protected Tensor [|Smoothness|](Tensor output) => output.abs().mean();\n", "Smoothness", "[Loss]")]
    [TestCase("    [Loss] protected virtual Tensor [|Smoothness|](Tensor output) => output.abs().mean();\n", "Smoothness", "[Loss]")]
    [TestCase("    [Optimizer] protected optim.Optimizer [|Second|] { get; } = null!;\n", "Second", "[Optimizer]")]
    [TestCase("    [Metric] protected Tensor [|Accuracy|](Tensor output) => output.mean();\n", "Accuracy", "[Metric]")]
    public void ML0047_member_declared_in_a_base_class(string baseMember, string name, string attribute)
        => AssertDiagnostic("ML0047", name, Usings + TrainerBase + baseMember + "}\n\n"
            + Class(Attribute + "public partial class BadTrainer : TrainerBase\n", [Model, Optimizer, Loss]),
            alsoInMessage: $"has {attribute} but is declared in 'Samples.TrainerBase', a base class of the trainer 'BadTrainer'");

    [Test]
    public void ML0047_an_inherited_model_is_reported_instead_of_no_model()
        => AssertDiagnostic("ML0047", "model", Usings + TrainerBase + "    [Model] protected nn.Module<Tensor, Tensor> [|model|] = null!;\n}\n\n"
            + Class(Attribute + "public partial class BadTrainer : TrainerBase\n", [Optimizer, Loss]));

    [Test]
    public void A_base_loss_the_trainer_overrides_with_its_own_loss_is_not_reported()
    {
        var source = Usings + TrainerBase + "    [Loss] protected virtual Tensor Smoothness(Tensor output) => output.abs().mean();\n}\n\n"
            + Class(Attribute + "public partial class GoodTrainer : TrainerBase\n",
                [Model, Optimizer, Loss, "    [Loss] protected override Tensor Smoothness(Tensor output) => output.square().mean();\n"]);

        var output = GeneratorHarness.Run(source);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(output.SingleSource("Samples.GoodTrainer.MultiLoss.g.cs"), Does.Contain("Smoothness"));
    }

    [TestCase("    [[|Loss|]] public Tensor Smoothness(Tensor output) => output.abs().mean();\n", "Smoothness", "[Loss]")]
    [TestCase("    [[|Metric|]] public Tensor Accuracy(Tensor output) => output.mean();\n", "Accuracy", "[Metric]")]
    [TestCase("    [[|Model|]] public nn.Module<Tensor, Tensor> net = null!;\n", "net", "[Model]")]
    [TestCase("    [[|Optimizer|]] public optim.Optimizer Adam { get; } = null!;\n", "Adam", "[Optimizer]")]
    public void ML0048_member_attribute_outside_a_trainer(string member, string name, string attribute)
        => AssertDiagnostic("ML0048", name, Trainer(Header, Model, Optimizer, Loss) + "\npublic class Helper\n{\n" + member + "}\n",
            alsoInMessage: $"has {attribute}, but 'Samples.Helper' has no [MultiLossTrainer]", severity: DiagnosticSeverity.Warning);

    [TestCase("0")]
    [TestCase("-1.5")]
    [TestCase("double.NegativeInfinity")]
    public void ML0049_gate_threshold_not_positive(string threshold)
        => AssertDiagnostic("ML0049", "Activity", Trainer(Header, Model, Optimizer, Loss, $"    [GateOn([|{threshold}|])]\n" + Activity),
            alsoInMessage: "when 'Regression' is below", severity: DiagnosticSeverity.Warning);

    private const string SharedLayer = "    [SharedLayer] private nn.Module<Tensor, Tensor> Body => model;\n";

    [TestCase("[|Weighting = LossWeighting.DynamicWeightAverage|]", "", "LossWeighting.DynamicWeightAverage")]
    [TestCase("[|Weighting = LossWeighting.GradNorm|]", SharedLayer, "LossWeighting.GradNorm")]
    [TestCase("[|Aggregation = GradientAggregation.PCGrad|]", "", "GradientAggregation.PCGrad")]
    public void ML0050_weighting_with_a_single_loss(string argument, string sharedLayer, string weighting)
        => AssertDiagnostic("ML0050", "BadTrainer", Trainer($"[MultiLossTrainer({argument})]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss, sharedLayer),
            alsoInMessage: $"uses {weighting} with a single loss", severity: DiagnosticSeverity.Warning);

    [TestCase("0")]
    [TestCase("-2")]
    public void ML0051_phase_number_not_positive(string number)
        => AssertDiagnostic("ML0051", "BadTrainer", Trainer(Attribute + $"[Phase([|{number}|], Steps = 10)]\n[Phase(1)]\npublic partial class BadTrainer\n",
            Model, Optimizer, Loss), alsoInMessage: $"phase {number}");

    [TestCase("TorchSharp.Modules.LBFGS", "LBFGS")]
    public void ML0052_optimizer_step_needs_a_closure(string type, string shown)
        => AssertDiagnostic("ML0052", "optimizer", Trainer(Header, Model, $"    [Optimizer] private readonly {type} [|optimizer|] = null!;\n", Loss),
            alsoInMessage: $"'{shown}'");

    [TestCase("    partial StepResult [|Train|](Tensor input, Tensor target);\n")]
    [TestCase("    virtual partial StepResult [|Train|](Tensor input, Tensor target);\n")]
    public void ML0053_declared_step_without_an_access_modifier(string step)
        => AssertDiagnostic("ML0053", "Train", Trainer(Header, Model, Optimizer, Loss, step));

    [TestCase("", 1)]
    [TestCase("Weighting = LossWeighting.Uncertainty", 2)]
    public void ML0054_more_values_than_the_runtime_buffer_holds(string arguments, int valuesPerLoss)
    {
        // The fewest losses over the runtime's limit: each records its value (and its weight with uncertainty), plus the total.
        var losses = (MultiLoss.Runtime.StepValues.MaxCount - 1) / valuesPerLoss + 1;
        AssertDiagnostic("ML0054", "BadTrainer", Trainer($"[MultiLossTrainer({arguments})]\npublic partial class [|BadTrainer|]\n", [Model, Optimizer, .. ManyLosses(losses)]),
            alsoInMessage: $"more than the {MultiLoss.Runtime.StepValues.MaxCount} a step's buffer holds");
    }

    [Test]
    public void ML0054_metrics_count_among_the_values_of_a_step()
    {
        // The losses and the total fill the buffer but one slot; two metrics are one too many.
        var losses = MultiLoss.Runtime.StepValues.MaxCount - 2;
        AssertDiagnostic("ML0054", "BadTrainer", Trainer("[MultiLossTrainer]\npublic partial class [|BadTrainer|]\n",
            [Model, Optimizer, .. ManyLosses(losses),
                "    [Metric] private Tensor First(Tensor output) => output.mean();\n",
                "    [Metric] private Tensor Second(Tensor output) => output.abs().mean();\n"]),
            alsoInMessage: $"({losses} losses, the total, 2 metrics)");
    }

    [TestCase("", 1)]
    [TestCase("Weighting = LossWeighting.Uncertainty", 2)]
    public void The_most_losses_the_runtime_buffer_holds_are_generated(string arguments, int valuesPerLoss)
    {
        var losses = (MultiLoss.Runtime.StepValues.MaxCount - 1) / valuesPerLoss;
        var output = GeneratorHarness.Run(Trainer($"[MultiLossTrainer({arguments})]\npublic partial class FullTrainer\n", [Model, Optimizer, .. ManyLosses(losses)]));

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()), Is.Empty);
        Assert.That(output.SingleSource("Samples.FullTrainer.MultiLoss.g.cs"),
            Does.Contain($"deviceValueCount: {losses * valuesPerLoss + 1},"), "the device values of the buffer the trainer creates");
    }

    private static string[] ManyLosses(int count)
        => Enumerable.Range(0, count).Select(i => $"    [Loss] private Tensor Loss{i}(Tensor output) => output.mean();\n").ToArray();

    [Test]
    public void Every_diagnostic_id_has_a_test()
    {
        var ids = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .ToArray();
        var tested = typeof(DiagnosticTests)
            .GetMethods()
            .Where(method => method.Name.StartsWith("ML", System.StringComparison.Ordinal))
            .Select(method => method.Name.Substring(0, "ML0000".Length))
            .ToHashSet();

        Assert.That(ids, Is.Not.Empty.And.Unique);
        Assert.That(tested, Is.SupersetOf(ids));
    }

    /// <summary>
    /// Runs the generator on <paramref name="markup"/> and checks it reports <paramref name="id"/> once per marked span and
    /// nothing else: with <paramref name="severity"/>, at exactly that span, with a message naming <paramref name="name"/> in
    /// quotes (when given) and containing <paramref name="alsoInMessage"/>. An error emits no source for the trainer; a
    /// warning leaves the trainer generated, and the generated code compiles.
    /// </summary>
    private static void AssertDiagnostic(
        string id,
        string? name,
        string markup,
        string? alsoInMessage = null,
        DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var marked = MarkedSource.Parse(markup);
        Assert.That(marked.Spans, Is.Not.Empty, "the source marks where the diagnostic is expected as [|...|]");
        var output = GeneratorHarness.Run(marked.Text);

        var diagnostics = output.GeneratorDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToArray();
        Assert.That(diagnostics.Select(d => d.ToString()).ToArray(), Has.Length.EqualTo(marked.Spans.Length), () => "generator diagnostics: " + string.Join("; ", diagnostics.Select(d => d.ToString())));
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < diagnostics.Length; i++)
            {
                var diagnostic = diagnostics[i];
                var span = marked.Spans[i];
                var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
                Assert.That(diagnostic.Id, Is.EqualTo(id));
                Assert.That(diagnostic.Severity, Is.EqualTo(severity));
                Assert.That(diagnostic.Location.GetLineSpan().Path, Is.EqualTo(GeneratorHarness.DefaultPath));
                Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span), $"span; marked '{marked.MarkedText(span)}'");
                Assert.That(diagnostic.Location.GetLineSpan().Span, Is.EqualTo(marked.LineSpan(span)), "line/column span");
                if (name is not null) Assert.That(message, Does.Contain($"'{name}'"), "the message names the member");
                if (alsoInMessage is not null) Assert.That(message, Does.Contain(alsoInMessage));
            }

            if (severity == DiagnosticSeverity.Error)
            {
                // A refused trainer gets at most the stub that keeps the user's declarations compiling: it adds no error of its
                // own to those of the user's source, and StepResult exists.
                Assert.That(output.Sources.Select(s => s.HintName), Has.All.EndsWith(".MultiLoss.Refused.g.cs"), "generated sources");
                var withStub = Errors(output.Compilation);
                Assert.That(withStub, Is.SubsetOf(Errors(GeneratorHarness.CreateCompilation(marked.Text))), "errors the stub added");
                Assert.That(withStub.Where(error => error.Contains("CS0246") && error.Contains("StepResult")), Is.Empty, "StepResult exists");
            }
            else
            {
                Assert.That(output.Sources.Select(s => s.HintName), Is.EqualTo(new[] { "Samples.BadTrainer.MultiLoss.g.cs" }), "generated sources");
                Assert.That(output.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()), Is.Empty, "compile errors");
            }
        }
    }

    private static string[] Errors(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
}
