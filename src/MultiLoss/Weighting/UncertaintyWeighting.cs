using System;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting;

/// <summary>
/// Homoscedastic uncertainty weighting (Kendall, Gal &amp; Cipolla 2018): a learnable s_i = log σ_i² per loss, starting
/// at 0, and the total Σ_i ½·exp(−s_i)·w_i·L_i + ½·s_i, where w_i is the loss's declared weight. The effective weight of
/// loss i is ½·exp(−s_i)·w_i.
/// </summary>
/// <remarks>
/// <para>The s_i are the elements of <see cref="LogVariances"/>, a <see cref="Parameter"/> of shape [n] that this instance
/// owns. They learn only if an optimizer steps them: <see cref="Attach"/> adds them to the optimizer that trains the
/// model, as a parameter group with that optimizer's default options.</para>
/// <para>The parameter is created by <see cref="Attach"/> (on the device and dtype of the optimizer's first parameter), by
/// <see cref="Initialize"/>, or else by the first <see cref="Term(int, Tensor)"/> (on the loss's device and dtype).</para>
/// <para>Per loss and step, a term costs four tensors, all in the caller's dispose scope: the slice s_i, the exponent, the
/// effective weight and the term itself (s_i and the exponent are disposed at once, the effective weight unless it is
/// asked for). Nothing is read on the host.</para>
/// </remarks>
public sealed class UncertaintyWeighting : IDisposable
{
    private readonly double[] declaredWeights;
    private readonly Scalar[] logHalfWeights;
    private readonly Scalar half = 0.5;
    private readonly Scalar one = 1.0;
    private Parameter? logVariances;
    private bool disposed;

    /// <summary>Uncertainty weighting for losses with the given declared weights (finite, not negative), one per loss.</summary>
    public UncertaintyWeighting(params ReadOnlySpan<double> declaredWeights)
    {
        this.declaredWeights = WeightChecks.Declared(declaredWeights, nameof(declaredWeights));
        logHalfWeights = new Scalar[this.declaredWeights.Length];
        for (var i = 0; i < logHalfWeights.Length; i++)
        {
            // ½·w_i·exp(−s_i) is computed as exp(log(½·w_i) − s_i): one tensor fewer per term; w_i = 0 gives log 0 = −∞ and a weight of 0.
            logHalfWeights[i] = Math.Log(0.5 * this.declaredWeights[i]);
        }
    }

    /// <summary>The number of losses.</summary>
    public int LossCount => declaredWeights.Length;

    /// <summary>The declared weight w_i of loss <paramref name="i"/>.</summary>
    public double DeclaredWeight(int i) => declaredWeights[i];

    /// <summary>True once <see cref="LogVariances"/> exists.</summary>
    public bool IsInitialized => logVariances is not null;

    /// <summary>
    /// The learnable log-variances s (shape [n], 0 at the start), owned by this instance: do not dispose it. Change it
    /// only under <c>torch.no_grad()</c> (for example <c>copy_</c> to restore a saved state).
    /// </summary>
    /// <exception cref="InvalidOperationException">Not created yet: call <see cref="Attach"/> or <see cref="Initialize"/> first.</exception>
    public Parameter LogVariances
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return logVariances ?? throw new InvalidOperationException("The log-variances do not exist yet: call Attach(optimizer) or Initialize(device, dtype) first.");
        }
    }

    /// <summary>Creates <see cref="LogVariances"/> (zeros) on <paramref name="device"/> with <paramref name="dtype"/>; does nothing if it exists.</summary>
    public void Initialize(Device device, ScalarType dtype)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(device);
        if (logVariances is not null) return;
        if (!WeightChecks.IsFloatingPoint(dtype))
        {
            throw new ArgumentException($"The log-variances need a floating-point dtype, not {dtype}.", nameof(dtype));
        }
        var zeros = torch.zeros(declaredWeights.Length, dtype: dtype, device: device);
        var parameter = new Parameter(zeros, requires_grad: true);
        parameter.DetachFromDisposeScope();
        logVariances = parameter;
    }

    /// <summary>
    /// Adds <see cref="LogVariances"/> to <paramref name="optimizer"/> (the one that trains the model) as a new parameter
    /// group, so that its <c>step()</c> updates them and its <c>zero_grad()</c> clears their gradient. The group takes the
    /// optimizer's default options: its learning rate, and also its weight decay, which then pulls the s_i towards 0.
    /// Creates the log-variances first if needed, on the device and dtype of the optimizer's first parameter.
    /// </summary>
    /// <remarks>
    /// TorchSharp's managed optimizers take new groups and fill in their defaults: SGD, Adam, AdamW, Adamax, Adadelta,
    /// Adagrad, ASGD, NAdam, RAdam, RMSProp and Rprop. LBFGS (native) does not. A learning-rate scheduler on the optimizer
    /// also schedules the new group. Attach before saving or loading the optimizer's state, so that the groups match.
    /// </remarks>
    /// <exception cref="NotSupportedException">The optimizer cannot take a new parameter group.</exception>
    /// <exception cref="InvalidOperationException">The log-variances are already attached to this optimizer.</exception>
    public void Attach(optim.Optimizer optimizer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (logVariances is null)
        {
            var (device, dtype) = OptimizerAttachment.PlacementOf(optimizer, "log-variance");
            Initialize(device, dtype);
        }
        OptimizerAttachment.Add(optimizer, logVariances!, "log-variance");
    }

    /// <summary>Loss <paramref name="i"/>'s term ½·exp(−s_i)·w_i·L_i + ½·s_i (a new tensor in the caller's dispose scope).</summary>
    public Tensor Term(int i, Tensor loss)
    {
        var term = Term(i, loss, out var effectiveWeight);
        effectiveWeight.Dispose();
        return term;
    }

    /// <summary>
    /// Loss <paramref name="i"/>'s term ½·exp(−s_i)·w_i·L_i + ½·s_i, and its effective weight ½·exp(−s_i)·w_i (part of the
    /// term's graph; copy it under <c>no_grad</c> to report it). Both are new tensors in the caller's dispose scope.
    /// </summary>
    public Tensor Term(int i, Tensor loss, out Tensor effectiveWeight)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var s = LogVariancesFor(loss);
        CheckIndex(i);
        using var si = s[i];
        using var exponent = si.neg();
        exponent.add_(logHalfWeights[i]);
        effectiveWeight = exponent.exp();
        var term = effectiveWeight.mul(loss);
        term.add_(si, half);
        return term;
    }

    /// <summary>Adds loss <paramref name="i"/>'s term (<see cref="Term(int, Tensor)"/>) to <paramref name="sum"/>.</summary>
    public void AddTo(ref LossSum sum, int i, Tensor loss) => sum.Add(Term(i, loss));

    /// <summary>Adds loss <paramref name="i"/>'s term to <paramref name="sum"/> and gives its effective weight (<see cref="Term(int, Tensor, out Tensor)"/>).</summary>
    public void AddTo(ref LossSum sum, int i, Tensor loss, out Tensor effectiveWeight) => sum.Add(Term(i, loss, out effectiveWeight));

    /// <summary>The total Σ_i ½·exp(−s_i)·w_i·L_i + ½·s_i over all losses, in order (a new tensor in the caller's dispose scope).</summary>
    public Tensor Total(params ReadOnlySpan<Tensor> losses)
    {
        if (losses.Length != declaredWeights.Length)
        {
            throw new ArgumentException($"Expected {declaredWeights.Length} losses, got {losses.Length}.", nameof(losses));
        }
        // The first term is this instance's own tensor, so the others are added into it in place.
        var total = Term(0, losses[0]);
        for (var i = 1; i < losses.Length; i++)
        {
            using var term = Term(i, losses[i]);
            total.add_(term, one);
        }
        return total;
    }

    /// <summary>The current effective weight ½·exp(−s_i)·w_i of loss <paramref name="i"/>, detached (a new tensor in the caller's dispose scope).</summary>
    public Tensor EffectiveWeight(int i)
    {
        CheckIndex(i);
        using var _ = torch.no_grad();
        using var si = LogVariances[i];
        using var exponent = si.neg();
        exponent.add_(logHalfWeights[i]);
        return exponent.exp();
    }

    /// <summary>The current effective weight ½·exp(−s_i)·w_i of loss <paramref name="i"/>, read on the host (a device sync on a GPU).</summary>
    public double EffectiveWeightValue(int i) => 0.5 * declaredWeights[i] * Math.Exp(-LogVarianceValue(i));

    /// <summary>The current s_i = log σ_i² of loss <paramref name="i"/>, read on the host (a device sync on a GPU).</summary>
    public double LogVarianceValue(int i)
    {
        CheckIndex(i);
        using var _ = torch.no_grad();
        using var si = LogVariances[i];
        using var value = si.ToScalar();
        return value.ToDouble();
    }

    /// <summary>All s_i, read on the host (for saving a trainer's state).</summary>
    public double[] LogVarianceValues()
    {
        var values = new double[declaredWeights.Length];
        for (var i = 0; i < values.Length; i++) values[i] = LogVarianceValue(i);
        return values;
    }

    /// <summary>Sets all s_i (restoring a saved state); attach or initialize first.</summary>
    public void RestoreLogVariances(ReadOnlySpan<double> values)
    {
        if (values.Length != declaredWeights.Length)
        {
            throw new ArgumentException($"The state holds {values.Length} log-variances; this trainer has {declaredWeights.Length} losses.", nameof(values));
        }
        using var _ = torch.no_grad();
        using var saved = torch.tensor(values.ToArray(), dtype: LogVariances.dtype, device: LogVariances.device);
        LogVariances.copy_(saved);
    }

    private Parameter LogVariancesFor(Tensor loss)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (logVariances is null) Initialize(loss.device, WeightChecks.IsFloatingPoint(loss.dtype) ? loss.dtype : ScalarType.Float32);
        return logVariances!;
    }

    private void CheckIndex(int i)
    {
        if ((uint)i >= (uint)declaredWeights.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"There are {declaredWeights.Length} losses.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        logVariances?.Dispose();
        logVariances = null;
        foreach (var scalar in logHalfWeights) scalar.Dispose();
        half.Dispose();
        one.Dispose();
    }
}
