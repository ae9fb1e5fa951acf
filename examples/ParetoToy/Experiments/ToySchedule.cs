namespace ParetoToy.Experiments;

/// <summary>How each run optimises: Adam (β = 0.9, 0.999, ε = 10⁻⁸) at a constant learning rate for a number of steps.</summary>
public sealed record ToySchedule(int Steps, double LearningRate)
{
    /// <summary>The paper's code: 100,000 steps of Adam at 0.001.</summary>
    public static ToySchedule Paper { get; } = new(100_000, 0.001);
}
