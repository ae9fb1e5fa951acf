using System.Globalization;
using MultiLoss.Runtime;
using MyTrainer;
using TorchSharp;
using static TorchSharp.torch;

// Fails with an explanation, instead of a loader error deep inside the first tensor, when TorchSharp's native
// library cannot load (a missing backend package, or a libstdc++ older than GCC 13's on Linux).
try
{
    TorchNative.EnsureAvailable();
}
catch (TorchUnavailableException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("On Linux, `bash native-prereqs.sh` in this folder checks the prerequisite and prints the fix (see README.md).");
    return 3;
}

// `dotnet run -- cuda` trains on the GPU; that needs a CUDA backend package instead of TorchSharp-cpu (see the .csproj).
var onGpu = args is ["cuda"];
if (onGpu && !cuda.is_available())
{
    Console.Error.WriteLine("CUDA is not available: reference TorchSharp-cuda-linux or TorchSharp-cuda-windows instead of TorchSharp-cpu.");
    return 2;
}
var device = onGpu ? CUDA : CPU;

const int steps = 200;
const int printEvery = 20;
manual_seed(1);

var model = nn.Sequential(
    ("hidden", nn.Linear(SyntheticData.FeatureCount, 32)),
    ("relu", nn.ReLU()),
    ("out", nn.Linear(32, SyntheticData.ClassCount + 1))).to(device);
using var trainer = new TwoTaskTrainer(model, optim.Adam(model.parameters(), lr: 0.01));

for (var step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();
    var (features, label, target) = SyntheticData.Batch(64, device);
    var r = trainer.Step(features, label, target);
    if (step % printEvery == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {r.StepNumber,4}  classification {r.Classification:F4}  regression {r.Regression:F4}  total {r.Total:F4}"));
    }
}
return 0;
