namespace MultiFashion.Training;

/// <summary>How long and how fast to train; the seed fixes the data set's construction, the initial weights and the batch order.</summary>
public sealed record TrainingOptions(int Epochs, int BatchSize, double LearningRate, int Seed);
