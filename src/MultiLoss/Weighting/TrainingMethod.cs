using System;
using System.Collections.Generic;
using System.IO;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

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
    private const string OptimizerStateName = "Optimizer";
    private const string GradientsName = "Gradients";
    private readonly List<(string Name, Parameter Parameter)> learnables = [];
    private MethodContext? context;
    private OptimizerHelper? optimizer;
    private bool initializing;
    private bool disposed;

    /// <summary>True once <see cref="Initialize"/> has run.</summary>
    public bool IsInitialized => context is not null;

    /// <summary>The trainer's context, given to <see cref="Initialize"/>.</summary>
    /// <exception cref="InvalidOperationException">Not initialized yet.</exception>
    protected MethodContext Context => context ?? throw new InvalidOperationException($"{GetType().Name} is not initialized: call Initialize(context) first.");

    /// <summary>The number of losses K.</summary>
    public int LossCount => Context.LossCount;

    /// <summary>The method's learnable weights, in the order they were added.</summary>
    public IReadOnlyList<Parameter> LearnableParameters
    {
        get
        {
            var parameters = new Parameter[learnables.Count];
            for (var i = 0; i < parameters.Length; i++) parameters[i] = learnables[i].Parameter;
            return parameters;
        }
    }

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
            if (learnables.Count > 0) optimizer = LearnableOptimizer.Create(context.Optimizer, LearnableParameters, GetType().Name);
        }
        catch
        {
            // Left uninitialized, so that a trainer calling Initialize again gets the error again instead of running a
            // half-initialized method (learnable weights without their optimizer).
            foreach (var (_, parameter) in learnables) parameter.Dispose();
            learnables.Clear();
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

    /// <summary>What the contract's own base class keeps beyond the method's state; saved before <see cref="OnSaveState"/>.</summary>
    private protected virtual void SaveCore(MethodState state)
    {
    }

    /// <summary>Restores what <see cref="SaveCore"/> saved; before <see cref="OnRestoreState"/>.</summary>
    private protected virtual void RestoreCore(MethodState state)
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
    /// Creates the method's tensors for <paramref name="context"/>'s losses; learnable weights are added here with
    /// <see cref="AddLearnable"/>. Tensors created here belong to the method, outside any dispose scope: dispose them in
    /// <see cref="Dispose(bool)"/>, and dispose at once any you do not keep.
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
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(initial);
        if (!initializing) throw new InvalidOperationException("Learnable weights are added while the method initializes (OnInitialize).");
        foreach (var (existing, _) in learnables)
        {
            if (existing == name) throw new ArgumentException($"A learnable weight named '{name}' exists already.", nameof(name));
        }
        using var scope = torch.NewDisposeScope();
        var values = initial.detach().to(Context.DType, Context.Device).clone();
        var parameter = new Parameter(values, requires_grad: true);
        parameter.DetachFromDisposeScope();
        learnables.Add((name, parameter));
        return parameter;
    }

    /// <summary>Sets the learnable weights' gradients to none, with the trainer's <c>zero_grad</c>.</summary>
    public void SetGradientsToNone()
    {
        ThrowIfDisposed();
        foreach (var (_, parameter) in learnables) parameter.grad = null;
    }

    /// <summary>Steps the learnable weights, then <see cref="OnAfterOptimizerStep"/>; right after the trainer's <c>optimizer.step()</c>.</summary>
    public void AfterOptimizerStep()
    {
        ThrowIfDisposed();
        optimizer?.step();
        OnAfterOptimizerStep();
    }

    /// <summary>
    /// With <see cref="RequiresLossesAfterStepAttribute"/> on the method's attribute: the losses of the step just taken,
    /// computed again after the optimizer step on the same batch, without gradients (null where a loss was not active).
    /// Called after <see cref="AfterOptimizerStep"/>.
    /// </summary>
    public virtual void AfterStep(ReadOnlySpan<Tensor?> lossesAfterStep)
    {
    }

    /// <summary>What the method does after each optimizer step (GradNorm renormalises its weights here).</summary>
    protected virtual void OnAfterOptimizerStep()
    {
    }

    /// <summary>Ends an epoch (the trainer's <c>EndEpoch()</c>): methods that work per epoch update here.</summary>
    public virtual void EndEpoch()
    {
        ThrowIfDisposed();
    }

    /// <summary>Saves the learnable weights, their gradients and optimizer state, then <see cref="OnSaveState"/>.</summary>
    public void SaveState(MethodState state)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(state);
        _ = Context;
        foreach (var (name, parameter) in learnables) state.SetValues(name, HostValues(parameter));
        if (optimizer is not null)
        {
            state.SetValues(GradientsName, Gradients.SaveValues(optimizer));
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
            state.SetBytes(OptimizerStateName, stream.ToArray());
        }
        SaveCore(state);
        OnSaveState(state);
    }

    /// <summary>Restores what <see cref="SaveState"/> saved, then <see cref="OnRestoreState"/>.</summary>
    public void RestoreState(MethodState state)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(state);
        _ = Context;
        foreach (var (name, parameter) in learnables) Copy(state.GetValues(name), parameter, name);
        if (optimizer is not null)
        {
            Gradients.RestoreValues(optimizer, state.GetValues(GradientsName));
            using var stream = new MemoryStream(state.GetBytes(OptimizerStateName), writable: false);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
        }
        RestoreCore(state);
        OnRestoreState(state);
    }

    /// <summary>Saves the method's own state beyond its learnable weights (statistics, random state).</summary>
    protected virtual void OnSaveState(MethodState state)
    {
    }

    /// <summary>Restores what <see cref="OnSaveState"/> saved.</summary>
    protected virtual void OnRestoreState(MethodState state)
    {
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    /// <summary>The values of <paramref name="tensor"/> read on the host as float64 (one device read): for saving state.</summary>
    protected static double[] HostValues(Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().to(ScalarType.Float64, CPU).contiguous().data<double>().ToArray();
    }

    private static void Copy(double[] values, Parameter parameter, string name)
    {
        if (values.Length != parameter.numel())
        {
            throw new ArgumentException($"The state holds {values.Length} values for '{name}'; this trainer's method has {parameter.numel()}.");
        }
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        parameter.copy_(torch.tensor(values, dtype: parameter.dtype, device: parameter.device).reshape(parameter.shape));
    }

    /// <summary>Releases the method's tensors.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        optimizer?.Dispose();
        foreach (var (_, parameter) in learnables) parameter.Dispose();
        learnables.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
