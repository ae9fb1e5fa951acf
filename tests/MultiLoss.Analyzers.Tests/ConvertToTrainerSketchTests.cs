using System.Threading.Tasks;
using MultiLoss.Analyzers.Tests.Infrastructure;
using MultiLoss.CodeFixes;
using NUnit.Framework;
using static MultiLoss.Analyzers.Tests.Infrastructure.LoopSources;

namespace MultiLoss.Analyzers.Tests;

public sealed class ConvertToTrainerSketchTests
{
    [Test]
    public async Task Sketch()
    {
        var text = await LoopWorkspace.FixAsync(Method("""
            for (var i = 0; i < steps; i++)
            {
                optimizer.zero_grad();
                var output = model.forward(x);
                var classification = Classification(output, y);
                var confidence = Confidence(output);
                var total = 0.7 * classification + 0.3 * confidence;
                total.backward();
                optimizer.step();
            }
            """), "MLA0005", new ConvertToTrainerCodeFixProvider());
        TestContext.Out.WriteLine(text);
        var compilation = AnalyzerHarness.Compile(text);
        foreach (var d in compilation.GetDiagnostics()) TestContext.Out.WriteLine(d);
    }
}
