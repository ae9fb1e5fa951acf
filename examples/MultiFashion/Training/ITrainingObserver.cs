namespace MultiFashion.Training;

/// <summary>Watches a training run epoch by epoch (progress lines).</summary>
public interface ITrainingObserver
{
    void OnEpochEnd(EpochRecord epoch);
}
