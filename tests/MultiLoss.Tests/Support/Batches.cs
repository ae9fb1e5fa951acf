using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>A fixed, seeded set of batches: inputs and class labels.</summary>
internal sealed class Batches : System.IDisposable
{
    private readonly Tensor[] inputs;
    private readonly Tensor[] labels;

    public Batches(int count, int batchSize, int seed)
    {
        var generator = new Generator((ulong)seed);
        inputs = new Tensor[count];
        labels = new Tensor[count];
        for (var i = 0; i < count; i++)
        {
            inputs[i] = torch.randn(new long[] { batchSize, Models.Features }, generator: generator);
            labels[i] = torch.randint(0, Models.Classes, new long[] { batchSize }, generator: generator);
        }
        generator.Dispose();
    }

    public int Count => inputs.Length;

    public Tensor Input(int step) => inputs[step % inputs.Length];

    public Tensor Label(int step) => labels[step % labels.Length];

    public void Dispose()
    {
        foreach (var tensor in inputs) tensor.Dispose();
        foreach (var tensor in labels) tensor.Dispose();
    }
}
