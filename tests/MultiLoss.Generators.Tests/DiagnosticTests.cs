using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using MultiLoss.Generators.Tests.Infrastructure;
using MultiLoss.Generators.Validation;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>
/// One test per diagnostic id: a configuration that breaks the rule gets exactly that diagnostic, as an error,
/// at the marked span (<c>[|...|]</c>), with a message naming the member, and no generated source.
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
    public void ML0011_parameter_not_a_tensor(string members, string name)
        => AssertDiagnostic("ML0011", name, Trainer(Header, Model, Optimizer, members));

    [TestCase("    [Model] private readonly nn.Module [|model|] = null!;\n" + Optimizer + Loss, "model")]
    [TestCase(Model + Optimizer + "    public partial StepResult [|Train|]();\n    [Loss] private Tensor Activity(Tensor output) => output.mean();\n", "model")]
    public void ML0012_model_output_cannot_be_bound(string members, string name)
        => AssertDiagnostic("ML0012", name, Trainer(Header, members));

    private const string TupleModel = "    [Model] private readonly nn.Module<Tensor, (Tensor, Tensor)> model = null!;\n";
    private const string TargetLoss = "    [Loss] private Tensor Norm(Tensor target) => target.abs().mean();\n";

    [TestCase("    [Forward] private (Tensor logits, Tensor) [|Forward|](Tensor input) => model.forward(input);\n", "no name")]
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
            alsoInMessage: "generic");

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

    // Features this version parses but cannot generate yet: one clear error at the attribute, and no source.
    [TestCase("[[|MultiLossTrainer(Backward = BackwardMode.Separate)|]]\npublic partial class BadTrainer\n", "", "Separate")]
    [TestCase("[MultiLossTrainer]\n[[|Phase(1)|]]\npublic partial class BadTrainer\n", "", "[Phase]")]
    [TestCase("", "    [[|Phase(1)|]]\n", "[Phase]")]
    [TestCase("", "    [[|GateOn(0.1)|]]\n", "[GateOn]")]
    public void ML0900_feature_not_supported_yet(string header, string onSecondLoss, string feature)
        => AssertDiagnostic("ML0900", name: null, Trainer(header.Length > 0 ? header : Header, Model, Optimizer, Loss,
            onSecondLoss + "    [Loss] private Tensor Activity(Tensor output) => output.mean();\n"),
            alsoInMessage: feature);

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
    /// Runs the generator on <paramref name="markup"/> and checks it reports exactly one diagnostic, <paramref name="id"/>,
    /// as an error at the marked span, with a message naming <paramref name="name"/> in quotes (and containing
    /// <paramref name="alsoInMessage"/>), and that it emits no source.
    /// </summary>
    private static void AssertDiagnostic(string id, string? name, string markup, string? alsoInMessage = null)
    {
        var marked = MarkedSource.Parse(markup);
        var output = GeneratorHarness.Run(marked.Text);

        Assert.That(output.GeneratorDiagnostics.Select(d => d.ToString()).ToArray(), Has.Length.EqualTo(1), "generator diagnostics");
        var diagnostic = output.GeneratorDiagnostics[0];
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(diagnostic.Id, Is.EqualTo(id));
            Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That(diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path, Is.EqualTo(GeneratorHarness.DefaultPath));
            Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(marked.Span), $"span; marked '{marked.MarkedText}'");
            Assert.That(diagnostic.Location.GetLineSpan().Span, Is.EqualTo(marked.LineSpan), "line/column span");
            if (name is not null) Assert.That(message, Does.Contain($"'{name}'"), "the message names the member");
            if (alsoInMessage is not null) Assert.That(message, Does.Contain(alsoInMessage));
            Assert.That(output.Sources.Select(s => s.HintName), Is.Empty, "generated sources");
        }
    }
}
