using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// What every loss-weighting and gradient-aggregation method shares: it is created by its attribute, initialized once
/// with the trainer's <see cref="MethodContext"/>, may own learnable weights (trained with the options of the trainer's
/// optimizer), acts after each optimizer step and at the end of each epoch, and saves and restores its own state.
/// </summary>
/// <remarks>
/// A generated step calls, in this order: <see cref="SetGradientsToNone"/> with the trainer's optimizer's
/// <c>zero_grad</c>, the method's own calls (see <see cref="LossWeightingMethod"/> and
/// <see cref="GradientAggregationMethod"/>), and <see cref="AfterOptimizerStep"/> right after the trainer's
/// <c>optimizer.step()</c>, on the same steps (not on a skipped step, only at the end of an accumulation cycle).
/// </remarks>
public abstract class TrainingMethod : IDisposable
{
    private readonly List<Parameter> learnables = [];
    private readonly List<IDisposable> owned = [];
    private readonly List<(string Name, ISavedState Part)> savedParts = [];
    private readonly Dictionary<double, Scalar> constants = [];
    private MethodContext? context;
    private OptimizerHelper? optimizer;
    private bool initializing;
    private bool disposed;

    /// <summary>True once <see cref="Initialize"/> has run.</summary>
    public bool IsInitialized => context is not null;

    /// <summary>The trainer's context, given to <see cref="Initialize"/>.</summary>
    /// <exception cref="InvalidOperationException">Not initialized yet.</exception>
    /// <exception cref="ObjectDisposedException">The method is disposed.</exception>
    protected MethodContext Context => disposed ? throw new ObjectDisposedException(GetType().FullName) : context ?? throw NotInitialized();

    /// <summary>The number of losses K.</summary>
    public int LossCount => Context.LossCount;

    /// <summary>The method's learnable weights, in the order they were added.</summary>
    public IReadOnlyList<Parameter> LearnableParameters => learnables;

    /// <summary>Sets the method up for a trainer; a trainer calls it once, before anything else. On failure the method stays uninitialized.</summary>
    /// <exception cref="InvalidOperationException">It was initialized already.</exception>
    /// <exception cref="NotSupportedException">The method has learnable weights and the trainer's optimizer is not one of TorchSharp's managed optimizers.</exception>
    public void Initialize(MethodContext context)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(context);
        if (this.context is not null) throw new InvalidOperationException($"{GetType().Name} is initialized already; a method instance serves one trainer.");
        this.context = context;
        initializing = true;
        try
        {
            // A trainer initializes its methods inside a step's (or its caller's) dispose scope; what the method
            // creates here is its own and must outlive that scope.
            using (var scope = torch.NewDisposeScope())
            {
                InitializeCore(context);
                OnInitialize(context);
                scope.Detach(scope.DisposablesView);
            }
            if (learnables.Count > 0)
            {
                optimizer = Own(LearnableOptimizer.Create(context.Optimizer, learnables, GetType().Name));
                Saved("Gradients", new SavedParts.ParameterGradients(optimizer));
                Saved("Optimizer", new SavedParts.OptimizerState(optimizer));
            }
        }
        catch
        {
            // Left uninitialized, so that a trainer calling Initialize again gets the error again instead of running a
            // half-initialized method (learnable weights without their optimizer).
            ReleaseOwned();
            learnables.Clear();
            savedParts.Clear();
            optimizer = null;
            this.context = null;
            throw;
        }
        finally
        {
            initializing = false;
        }
    }

    private protected virtual void InitializeCore(MethodContext context)
    {
    }

    /// <summary>
    /// For generated code: <paramref name="method"/>, the result of a method attribute's <c>Create()</c>, or an exception
    /// naming the trainer and the attribute when it is null.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="method"/> is null.</exception>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static T Created<T>(T? method, string trainer, string attribute) where T : TrainingMethod
        => method ?? throw new InvalidOperationException(
            $"The trainer '{trainer}' declares {attribute}, whose Create() returned null; a method attribute's Create() returns a new instance of its method.");

    /// <summary>The method's name in messages (its class name unless it says otherwise, e.g. "Nash-MTL").</summary>
    protected virtual string DisplayName => GetType().Name;

    /// <summary>
    /// Creates the method's tensors for <paramref name="context"/>'s losses, declares its saved state (<see cref="Saved{T}"/>)
    /// and adds its learnable weights (<see cref="AddLearnable"/>). What it keeps across steps it keeps with
    /// <see cref="Keep"/> or <see cref="Own{T}"/>, which dispose it with the method.
    /// </summary>
    protected virtual void OnInitialize(MethodContext context)
    {
    }

    /// <summary>
    /// Adds a learnable weight tensor, a copy of <paramref name="initial"/> on the context's device: trained with the
    /// options of the trainer's optimizer (its learning rate and schedule), saved and restored under <paramref name="name"/>.
    /// Only from <see cref="OnInitialize"/>. The method owns the returned parameter.
    /// </summary>
    protected Parameter AddLearnable(string name, Tensor initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        using var scope = torch.NewDisposeScope();
        var parameter = new Parameter(initial.detach().to(Context.DType, Context.Device).clone(), requires_grad: true);
        SavedTensor(name, parameter);
        learnables.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Makes <paramref name="resource"/> the method's: it is disposed with the method (the latest first). For the
    /// tensors, optimizers and helpers a method keeps across steps.
    /// </summary>
    protected T Own<T>(T resource) where T : IDisposable
    {
        ArgumentNullException.ThrowIfNull(resource);
        owned.Add(resource);
        return resource;
    }

    /// <summary>Runs <paramref name="release"/> when the method is disposed: for what it replaces as it goes (weights set each epoch).</summary>
    protected void OnDispose(Action release) => Own(new Release(release));

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }

    /// <summary>Keeps <paramref name="tensor"/> across steps: out of any dispose scope, disposed with the method.</summary>
    protected Tensor Keep(Tensor tensor) => Own(tensor.DetachFromDisposeScope());

    /// <summary>Keeps one view per element of the one-dimensional <paramref name="tensor"/> (for a value per loss written or read in place).</summary>
    protected Tensor[] KeepElements(Tensor tensor)
    {
        var elements = new Tensor[tensor.shape[0]];
        for (var i = 0; i < elements.Length; i++) elements[i] = Keep(tensor[i]);
        return elements;
    }

    /// <summary>The <see cref="Scalar"/> of <paramref name="value"/>, created once and disposed with the method: a step that multiplies by a constant allocates nothing for it.</summary>
    protected Scalar Constant(double value)
    {
        if (!constants.TryGetValue(value, out var scalar)) constants.Add(value, scalar = Own(value.ToScalar()));
        return scalar;
    }

    /// <summary>
    /// Saves <paramref name="part"/> with the trainer's state under <paramref name="name"/> and restores it with it; a
    /// part that is <see cref="IDisposable"/> becomes the method's (<see cref="Own{T}"/>). From <see cref="OnInitialize"/>.
    /// </summary>
    protected T Saved<T>(string name, T part) where T : ISavedState
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(part);
        if (!initializing) throw new InvalidOperationException("A method's saved state and learnable weights are declared while it initializes (OnInitialize).");
        if (savedParts.Exists(saved => saved.Name == name)) throw new ArgumentException($"{DisplayName} saves '{name}' already.", nameof(name));
        savedParts.Add((name, part));
        if (part is IDisposable disposable) Own(disposable);
        return part;
    }

    /// <summary>Keeps <paramref name="tensor"/> (<see cref="Keep"/>) and saves its values under <paramref name="name"/>, restored in place.</summary>
    protected Tensor SavedTensor(string name, Tensor tensor)
    {
        Saved(name, new SavedParts.TensorValues(Keep(tensor)));
        return tensor;
    }

    /// <summary>Saves <paramref name="values"/> under <paramref name="name"/>, restored into the same array.</summary>
    protected double[] SavedValues(string name, double[] values)
    {
        Saved(name, new SavedParts.HostValues(values));
        return values;
    }

    /// <summary>Saves a count (steps, epochs) under <paramref name="name"/>: read with <paramref name="read"/>, restored with <paramref name="write"/>.</summary>
    protected void SavedCount(string name, Func<long> read, Action<long> write) => Saved(name, new SavedParts.Count(read, write));

    /// <summary>
    /// Makes <paramref name="optimizer"/>, one the method steps itself (not the trainer's options: FAMO's logits' Adam),
    /// the method's (<see cref="Own{T}"/>) and saves its state under <paramref name="name"/>. From <see cref="OnInitialize"/>.
    /// </summary>
    protected T SavedOptimizer<T>(string name, T optimizer) where T : OptimizerHelper
    {
        Saved(name, new SavedParts.OptimizerState(Own(optimizer)));
        return optimizer;
    }

    /// <summary>Sets the learnable weights' gradients to none, with the trainer's <c>zero_grad</c>.</summary>
    public void SetGradientsToNone()
    {
        ThrowIfDisposed();
        foreach (var parameter in learnables) parameter.grad = null;
    }

    /// <summary>Steps the learnable weights, then <see cref="OnAfterOptimizerStep"/>; right after the trainer's <c>optimizer.step()</c>.</summary>
    public void AfterOptimizerStep()
    {
        ThrowIfDisposed();
        optimizer?.step();
        OnAfterOptimizerStep();
    }

    /// <summary>What the method does after each optimizer step (GradNorm renormalises its weights here).</summary>
    protected virtual void OnAfterOptimizerStep()
    {
    }

    /// <summary>
    /// With <see cref="RequiresLossesAfterStepAttribute"/> on the method's attribute: the losses of the step just taken,
    /// computed again after the optimizer step on the same batch, without gradients (null where a loss was not active).
    /// Called after <see cref="AfterOptimizerStep"/>; the method learns from them in <see cref="OnAfterStep"/>.
    /// </summary>
    public void AfterStep(ReadOnlySpan<Tensor?> lossesAfterStep) => OnAfterStep(Checked(lossesAfterStep));

    /// <summary>What the method learns from the losses after the step (<see cref="AfterStep"/>), one entry per loss.</summary>
    protected virtual void OnAfterStep(ReadOnlySpan<Tensor?> lossesAfterStep)
    {
    }

    /// <summary>Ends an epoch (the trainer's <c>EndEpoch()</c>): <see cref="OnEndEpoch"/>.</summary>
    /// <exception cref="InvalidOperationException">Not initialized yet.</exception>
    public void EndEpoch()
    {
        _ = Context;
        OnEndEpoch();
    }

    /// <summary>What a method that works per epoch updates at the end of each.</summary>
    protected virtual void OnEndEpoch()
    {
    }

    /// <summary>Saves what the method declared with <see cref="Saved{T}"/>, its learnable weights among them.</summary>
    public void SaveState(MethodState state)
    {
        _ = Context;
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (name, part) in savedParts) part.Save(state, name);
    }

    /// <summary>
    /// Restores what <see cref="SaveState"/> saved, then <see cref="OnStateRestored"/>. A state that does not fit changes
    /// nothing of what the method declared with <see cref="Saved{T}"/>.
    /// </summary>
    public void RestoreState(MethodState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = new Dictionary<string, double[]>();
        var blobs = new Dictionary<string, byte[]>();
        SaveState(new MethodState("", values, blobs));
        try
        {
            foreach (var (name, part) in savedParts) part.Restore(state, name);
            OnStateRestored();
        }
        catch
        {
            var previous = new MethodState("", new Runtime.TrainerState { Trainer = Context.Trainer, Values = values, Blobs = blobs });
            foreach (var (name, part) in savedParts) part.Restore(previous, name);
            OnStateRestored();
            throw;
        }
    }

    /// <summary>
    /// After a restore: recompute what derives from the saved state (the next epoch's weights from the means), or check it
    /// (an <see cref="ArgumentException"/> here puts the previous state back).
    /// </summary>
    protected virtual void OnStateRestored()
    {
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>Throws once disposed, and unless <paramref name="losses"/> has one entry per loss; returns them.</summary>
    private protected ReadOnlySpan<Tensor?> Checked(ReadOnlySpan<Tensor?> losses)
    {
        if (losses.Length != LossCount) throw new ArgumentException($"Expected {LossCount} losses, got {losses.Length}.", nameof(losses));
        return losses;
    }

    /// <summary><paramref name="i"/>, checked to be a loss index (and the method not disposed).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a loss index.</exception>
    /// <exception cref="ObjectDisposedException">The method is disposed.</exception>
    protected int CheckIndex(int i) => (uint)i < (uint)LossCount ? i : throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {LossCount} losses.");

    /// <summary><paramref name="value"/>, set by <see cref="OnInitialize"/>; throws while the method is not initialized, and once it is disposed.</summary>
    /// <exception cref="InvalidOperationException">Not initialized yet.</exception>
    /// <exception cref="ObjectDisposedException">The method is disposed.</exception>
    protected T Initialized<T>(T? value) where T : class
    {
        _ = Context;
        return value!;
    }

    /// <summary><paramref name="value"/>, checked to be a finite number above 0: for a constructor's argument.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not; with <paramref name="message"/>.</exception>
    protected static double FinitePositive(double value, string message, [CallerArgumentExpression(nameof(value))] string name = "")
        => double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, message);

    /// <summary><paramref name="value"/>, checked to be a finite number of at least 0: for a constructor's argument.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not; with <paramref name="message"/>.</exception>
    protected static double FiniteNotNegative(double value, string message, [CallerArgumentExpression(nameof(value))] string name = "")
        => double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, message);

    private InvalidOperationException NotInitialized() => new($"{GetType().Name} is not initialized: call Initialize(context) first.");

    /// <summary>The values of <paramref name="tensor"/> read on the host as float64 (one device read): for saving state.</summary>
    protected internal static double[] HostValues(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
    }

    private void ReleaseOwned()
    {
        for (var i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
        constants.Clear();
    }

    /// <summary>Releases what the method owns (<see cref="Own{T}"/>, its learnable weights, its constants).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ReleaseOwned();
        GC.SuppressFinalize(this);
    }
}
