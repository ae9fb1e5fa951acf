using System;
using MultiLoss.Runtime;
using MultiLoss.Methods.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>
/// A gradient-aggregation method: from the per-loss gradients of the shared parameters (the rows of the K×N matrix J) to
/// the gradient written into their <c>.grad</c>. The parameters that are not shared get the ordinary gradient of the
/// weighted sum.
/// </summary>
/// <remarks>
/// <para>A generated step calls <see cref="Backward"/> in place of the total's backward pass. The step's
/// <see cref="GradientEngine"/> computes J with one backward pass per loss, has the method <see cref="Aggregate"/> it, adds
/// the result to the shared parameters' gradients as a backward pass would, and backpropagates the total into the other
/// parameters. An aggregator only writes <see cref="Aggregate"/>: it never sees autograd.</para>
/// <para>The shared parameters are those of the trainer's <c>[SharedLayer]</c>, or every parameter of the model.</para>
/// <para>A trainer declared with <c>[AggregateAt("output")]</c> calls <see cref="BackwardAt"/> instead: the per-loss
/// gradients are taken with respect to that forward output (the representation), aggregated by
/// <see cref="AggregateRepresentation"/>, and back-propagated through the layers below it once.</para>
/// </remarks>
public abstract class GradientAggregationMethod : TrainingMethod, IGradientAggregation
{
    private Tensor?[] stepLosses = [];
    private long aggregations;
    private bool aggregating;
    private double[] lossValues = [];
    private Tensor weights = null!;
    private Tensor[] weightSlots = [];
    private HostBuffer? gramian;
    private HostBuffer? hostWeights;
    private double[] solvedWeights = [];

    private protected override void InitializeCore(MethodContext context)
    {
        solvedWeights = SavedValues("SolvedWeights", new double[context.LossCount]);
        Array.Fill(solvedWeights, 1.0 / context.LossCount);
        stepLosses = new Tensor?[context.LossCount];
        lossValues = new double[context.LossCount];
        weights = Keep(torch.full(context.LossCount, double.NaN, dtype: ScalarType.Float64, device: context.Device));
        weightSlots = KeepElements(weights);
    }

    /// <summary>True when some parameters of the model are not shared: the total is backpropagated into them.</summary>
    public bool HasUnsharedParameters => Context.Gradients.HasUnsharedParameters;

    /// <summary>
    /// True when the latest aggregation's solver did not converge, so it applied the method's fallback weights (see
    /// <see cref="FallBack"/>); a generated step reports it as its result's <c>FellBack</c>.
    /// </summary>
    public bool FellBack { get; private set; }

    /// <summary>
    /// Backpropagates each of <paramref name="weightedLosses"/> (w_i·L_i, declaration order) into the shared parameters
    /// on its own, aggregates the gradients with <see cref="Aggregate"/> and adds the result to their <c>.grad</c>; then
    /// backpropagates <paramref name="total"/> into the parameters that are not shared (null when all are shared). A loss that is null (not active
    /// this step) or has no graph counts as a zero gradient.
    /// </summary>
    public void Backward(ReadOnlySpan<Tensor?> weightedLosses, Tensor? total)
    {
        Checked(weightedLosses);
        if (Context.Representation is not null) throw new InvalidOperationException($"{DisplayName} aggregates at the representation '{Context.Representation}' of '{Context.Trainer}': call BackwardAt.");
        Context.Gradients.Backward(weightedLosses, total, this);
    }

    /// <summary>
    /// Backpropagates each of <paramref name="weightedLosses"/> (w_i·L_i, declaration order) to
    /// <paramref name="representation"/> only, aggregates those gradients with <see cref="AggregateRepresentation"/>, then
    /// runs one backward pass in which the layers below the representation receive the aggregated gradient and the
    /// layers above it (the heads) the gradient of <paramref name="total"/>. A loss that is null (not active this step)
    /// or has no graph counts as a zero gradient.
    /// </summary>
    /// <param name="representation">The forward output named by <c>[AggregateAt]</c>, [B, ...] with the batch first.</param>
    /// <param name="weightedLosses">The weighted losses w_i·L_i, in declaration order; null for a loss not active this step.</param>
    /// <param name="total">The step's total, whose gradient the layers above the representation get.</param>
    public void BackwardAt(Tensor representation, ReadOnlySpan<Tensor?> weightedLosses, Tensor total)
    {
        Checked(weightedLosses);
        if (Context.Representation is null) throw new InvalidOperationException($"{DisplayName} aggregates the gradients of the shared parameters of '{Context.Trainer}': call Backward.");
        Context.Gradients.BackwardAt(representation, weightedLosses, total, this);
    }

    /// <summary>
    /// One aggregation, under <c>no_grad</c>: <see cref="Aggregate"/> of <paramref name="gradients"/>, or, with a
    /// <paramref name="representation"/>, <see cref="AggregateRepresentation"/>, into <paramref name="result"/>. The
    /// first fills the result with NaN before the call and checks after it (one device read) that it was written:
    /// assigning to the parameter (<c>result = ...</c>) replaces the method's local reference, not the buffer the step
    /// applies, so nothing would train.
    /// </summary>
    void IGradientAggregation.Aggregate(ReadOnlySpan<Tensor?> weightedLosses, Tensor gradients, Tensor? representation, Tensor result)
    {
        var first = aggregations == 0;
        if (first) result.fill_(Scalars.NaN);
        BeginAggregation(weightedLosses);
        try
        {
            if (representation is null) Aggregate(gradients, result, weights);
            else AggregateRepresentation(gradients, representation, result, weights);
        }
        finally
        {
            EndAggregation();
        }
        if (!first || result.numel() == 0 || !result.isnan().all().item<bool>()) return;
        throw new InvalidOperationException(
            $"{DisplayName}.{(representation is null ? nameof(Aggregate) : nameof(AggregateRepresentation))} in '{Context.Trainer}' wrote nothing into its result " +
            "(assigning to the parameter replaces only the method's own reference), so the step would apply no gradient; write into it: result.copy_(...), or in-place operations on it.");
    }

    /// <summary>What every aggregation starts with: it is counted, its losses are known, its weights unknown, no fallback yet.</summary>
    private protected void BeginAggregation(ReadOnlySpan<Tensor?> weightedLosses)
    {
        aggregations++;
        weights.fill_(Scalars.NaN);
        weightedLosses.CopyTo(stepLosses);
        aggregating = true;
        FellBack = false;
    }

    /// <summary>What every aggregation ends with, also when it throws: the step's losses are let go.</summary>
    private protected void EndAggregation()
    {
        aggregating = false;
        Array.Clear(stepLosses);
    }

    /// <summary>
    /// Writes the aggregated gradient of the representation into <paramref name="result"/> ([B, F]) from
    /// <paramref name="perSample"/> ([K, B, F], slice i the gradient of w_i·L_i with respect to the representation;
    /// do not change it). <paramref name="representation"/> is the representation itself (do not change it either).
    /// By default the gradients are summed over the batch, <see cref="Aggregate"/> computes the
    /// coefficients c_i from those K rows, and the result is Σ_i c_i·perSample_i, each sample's gradient weighted alike
    /// (LibMTL's representation gradients); a method whose result is not such a combination overrides this. Runs under
    /// <c>no_grad</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The default, for a method that reported no coefficients.</exception>
    protected virtual void AggregateRepresentation(Tensor perSample, Tensor representation, Tensor result, Tensor coefficients)
    {
        using var scope = torch.NewDisposeScope();
        var summed = perSample.sum(dim: 1);
        Aggregate(summed, torch.empty(summed.shape[1], dtype: summed.dtype, device: summed.device), coefficients);
        if (!coefficients.isfinite().all().item<bool>())
        {
            throw new InvalidOperationException(
                $"{DisplayName} reported no coefficients, so its result is not a combination of the losses' gradients and cannot be applied " +
                $"to each sample of the representation '{Context.Representation}' of '{Context.Trainer}': declare the trainer without [AggregateAt] " +
                "(and mark the method's attribute class with [RequiresParameterGradients]), or override AggregateRepresentation.");
        }
        result.copy_(coefficients.to(perSample.dtype).unsqueeze(0).mm(perSample.view(perSample.shape[0], -1)).view(result.shape));
    }

    /// <summary>
    /// For a method whose solver did not converge on this step's (finite) gradients: marks the step as fallen back
    /// (<see cref="FellBack"/>) and returns the coefficients of the latest aggregation that solved (1/K each before any),
    /// the weights to apply instead, as LibMTL's Nash-MTL keeps its previous weights when its solver fails. They are saved
    /// with the method's state. A method that keeps its own fallback (Nash-MTL its unclipped weights) only marks the step.
    /// </summary>
    protected ReadOnlySpan<double> FallBack()
    {
        FellBack = true;
        return solvedWeights;
    }

    /// <summary>
    /// For a method that keeps state built from the gradients (running averages): throws
    /// <see cref="AggregationSolverException"/> before that state changes when a gradient holds a NaN or an infinity
    /// (one device read). A method that starts from <see cref="HostGramian"/> needs no such check.
    /// </summary>
    protected void ThrowIfNotFinite(Tensor jacobian)
    {
        using var scope = torch.NewDisposeScope();
        // A NaN or an infinity makes the sum NaN or infinite; so can finite float32 gradients whose sum overflows,
        // which the element-wise check then tells apart (rare: summing in float64 instead copies the whole Jacobian).
        if (double.IsFinite(jacobian.sum().ToDouble()) || jacobian.isfinite().all().ToBoolean()) return;
        throw AggregationSolverException.NonFiniteGradients(DisplayName, aggregations);
    }

    /// <summary>For a method that works only on the shared parameters' gradients: throws in representation mode.</summary>
    /// <param name="context">The trainer's context.</param>
    /// <param name="reason">Why, completing "the method ...".</param>
    /// <exception cref="NotSupportedException">The trainer aggregates at a representation.</exception>
    protected void RequireParameterGradients(MethodContext context, string reason)
    {
        if (context.Representation is null) return;
        throw new NotSupportedException(
            $"{DisplayName} {reason}, so it cannot aggregate at the representation '{context.Representation}' of '{context.Trainer}'; declare the trainer without [AggregateAt].");
    }

    /// <summary>
    /// Writes the aggregated gradient of the shared parameters into <paramref name="result"/> ([N]) from
    /// <paramref name="jacobian"/> ([K, N], row i the gradient of w_i·L_i; do not change it). Where the result is
    /// Σ_i c_i·row_i, write the c_i into <paramref name="coefficients"/> ([K], float64, NaN otherwise): they are reported as the
    /// losses' effective weights (times the declared weights). Runs under <c>no_grad</c>.
    /// </summary>
    protected abstract void Aggregate(Tensor jacobian, Tensor result, Tensor coefficients);

    /// <summary>
    /// The Gramian G = J·Jᵀ of <paramref name="jacobian"/> ([K, N]), computed in its dtype and read on the host in
    /// float64 (one device sync): the K×K inner products of the losses' gradients, row-major, valid until the next call.
    /// For methods that solve a small problem over the losses (K ≤ 16 here) on the host. Where the products overflow
    /// the Jacobian's dtype (float32 gradients above about 1e19), G is computed again in float64; every value returned
    /// is finite.
    /// </summary>
    /// <exception cref="AggregationSolverException">A gradient holds a NaN or an infinity: no weights exist.</exception>
    protected ReadOnlySpan<double> HostGramian(Tensor jacobian)
    {
        var count = jacobian.shape[0];
        gramian ??= Own(new HostBuffer(count, count));
        using var scope = torch.NewDisposeScope();
        // In the Jacobian's own dtype on its device (torchjd does the same): converting the K×N rows to float64 first
        // would copy the whole Jacobian every step; only the K×K products are widened.
        var values = gramian.Read(jacobian.mm(jacobian.t()));
        if (SolverInputs.AllFinite(values)) return values;
        if (jacobian.dtype != ScalarType.Float64)
        {
            var wide = jacobian.to(ScalarType.Float64);
            values = gramian.Read(wide.mm(wide.t()));
            if (SolverInputs.AllFinite(values)) return values;
        }
        throw AggregationSolverException.NonFiniteGradients(DisplayName, aggregations);
    }

    /// <summary>
    /// The values of this step's weighted losses w_i·L_i, read on the host (one read per loss; NaN for a loss not active
    /// this step), valid until the next call. Only while <see cref="Aggregate"/> or
    /// <see cref="AggregateRepresentation"/> runs: for methods that normalise by the losses (MGDA's <c>Loss</c> and <c>LossPlus</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Outside an aggregation.</exception>
    protected ReadOnlySpan<double> HostLossValues()
    {
        if (!aggregating) throw new InvalidOperationException($"{DisplayName}: the losses' values are only known while the step aggregates.");
        for (var i = 0; i < stepLosses.Length; i++) lossValues[i] = stepLosses[i] is { } loss ? loss.ToDouble() : double.NaN;
        return lossValues;
    }

    /// <summary>
    /// Writes Σ_i w_i·row_i of <paramref name="jacobian"/> into <paramref name="result"/> and the w_i into
    /// <paramref name="coefficients"/>: the aggregation of a method that computed its weights on the host.
    /// </summary>
    protected void CombineRows(Tensor jacobian, ReadOnlySpan<double> weights, Tensor result, Tensor coefficients)
    {
        ApplyWeights(weights, coefficients);
        using var scope = torch.NewDisposeScope();
        result.copy_(coefficients.to(jacobian.dtype).unsqueeze(0).mm(jacobian).squeeze(0));
    }

    /// <summary>
    /// The weights a method computed on the host, written into <paramref name="coefficients"/> ([K], float64, on the
    /// device) and returned; kept as the fallback unless they are one.
    /// </summary>
    private protected Tensor ApplyWeights(ReadOnlySpan<double> weights, Tensor coefficients)
    {
        hostWeights ??= Own(new HostBuffer(weights.Length));
        if (!FellBack && SolverInputs.AllFinite(weights)) weights.CopyTo(solvedWeights);
        hostWeights.Write(weights, coefficients);
        return coefficients;
    }

    /// <summary>The coefficients this step reports, [K] float64 (NaN until the aggregation writes them).</summary>
    private protected Tensor Coefficients => weights;

    /// <summary>The weight loss <paramref name="i"/>'s gradient had in the latest aggregation: c_i·w_i (NaN before the first, or where the aggregation is not linear).</summary>
    public Tensor EffectiveWeight(int i) => weightSlots[CheckIndex(i)].mul(Constant(Context.DeclaredWeights[i]));
}
