namespace MultiLoss.Methods;

/// <summary>
/// A piece of a method's state that is saved with the trainer's state under a name of the method's choosing (see
/// <see cref="TrainingMethod.Saved{T}"/>): epoch means, a random generator, an optimizer's state.
/// </summary>
public interface ISavedState
{
    /// <summary>Writes the piece into <paramref name="state"/> under <paramref name="name"/>.</summary>
    void Save(MethodState state, string name);

    /// <summary>
    /// Reads back what <see cref="Save"/> wrote under <paramref name="name"/>; throws <see cref="System.ArgumentException"/>,
    /// before anything changes, when the saved values do not fit.
    /// </summary>
    void Restore(MethodState state, string name);
}
