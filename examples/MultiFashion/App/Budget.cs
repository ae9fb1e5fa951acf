namespace MultiFashion.App;

/// <summary>
/// How much training each run gets: training samples and epochs. <see cref="Quick"/>, the default, fits the whole
/// comparison (every strategy and both baselines, over the default seeds) in under 15 minutes on two CPU cores;
/// <see cref="Full"/> (<c>--full</c>) uses every training image, for a machine with more time or a GPU.
/// </summary>
public sealed record Budget(int TrainSamples, int Epochs)
{
    public static Budget Quick { get; } = new(10_000, 3);

    public static Budget Full { get; } = new(60_000, 20);
}
