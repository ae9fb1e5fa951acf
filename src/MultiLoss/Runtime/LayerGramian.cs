using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The Gramian G = J·Jᵀ of the losses' gradients of shared parameters that are all the weights and biases of linear
/// layers, computed from each layer's inputs and the losses' gradients at its outputs, without the K×N Jacobian (the
/// idea of torchjd's <c>autogram</c>). For y_m = W·x_m + b over the M rows of a batch, with δ_{i,m} = ∂L_i/∂y_m,
/// ⟨∂L_i/∂W, ∂L_j/∂W⟩ + ⟨∂L_i/∂b, ∂L_j/∂b⟩ = Σ_{m,m'} (δ_{i,m}·δ_{j,m'})·(x_m·x_{m'} + 1): per layer, the rows Δ_i
/// ([M, out]) against A = X·Xᵀ + 1 ([M, M]), G_ij += ⟨Δ_i, A·Δ_j⟩.
/// </summary>
/// <remarks>
/// Each layer's input and output are taken by a forward hook, which TorchSharp runs only when a module is invoked through
/// <c>call</c> (as <c>Sequential</c> does), not through <c>forward</c>. A step in which some layer did not run exactly once
/// with gradients on (a model that calls <c>layer.forward</c>, a layer used twice, a forward outside the step) is not
/// computed here: <see cref="TryCompute"/> returns false and the engine takes the Jacobian's way for that step.
/// </remarks>
internal sealed class LayerGramian : IDisposable
{
    private readonly Layer[] layers;
    private readonly Tensor[] outputs;
    private readonly Tensor[] lossRows;
    private readonly int lossCount;
    private readonly long jacobianBytes;

    private LayerGramian(Layer[] layers, int lossCount, long jacobianBytes)
    {
        this.layers = layers;
        outputs = new Tensor[layers.Length];
        lossRows = new Tensor[layers.Length];
        this.lossCount = lossCount;
        this.jacobianBytes = jacobianBytes;
        foreach (var layer in layers) layer.Hook();
    }

    /// <summary>
    /// The layers of <paramref name="shared"/> when every one of <paramref name="parameters"/> is a linear layer's weight or
    /// bias in it; otherwise null.
    /// </summary>
    public static LayerGramian? For(nn.Module shared, IReadOnlyList<Parameter> parameters, int lossCount, long jacobianBytes)
    {
        var remaining = parameters.Select(parameter => parameter.Handle).ToHashSet();
        var found = new List<Layer>();
        if (shared is Linear self) Add(self);
        foreach (var linear in shared.named_modules().Select(named => named.module).OfType<Linear>()) Add(linear);
        return remaining.Count == 0 && found.Count > 0 ? new LayerGramian([.. found], lossCount, jacobianBytes) : null;

        void Add(Linear linear)
        {
            var weight = remaining.Remove(linear.weight!.Handle);
            var bias = linear.bias is { } b && remaining.Remove(b.Handle);
            if (weight || bias) found.Add(new Layer(linear, weight, bias));
        }
    }

    /// <summary>True once a step's layers took more than half the Jacobian's bytes: the engine then keeps the Jacobian.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>
    /// Writes G of <paramref name="losses"/> into <paramref name="gramian"/> ([K, K]) when this step's forward ran every
    /// layer once with gradients on and the layers' buffers (the losses' gradients at the outputs, and X·Xᵀ of the M rows)
    /// take at most half the Jacobian's bytes, unless those are given as 0 (always); returns false otherwise,
    /// leaving the gradients and the graph as they were. The graph is kept for the step's own backward pass.
    /// </summary>
    public bool TryCompute(ReadOnlySpan<Tensor?> losses, Tensor gramian)
    {
        try
        {
            if (!Ready()) return false;
            for (var l = 0; l < layers.Length; l++) outputs[l] = layers[l].Output!;
            Span<bool> reached = stackalloc bool[layers.Length];
            for (var i = 0; i < losses.Length; i++)
            {
                for (var l = 0; l < layers.Length; l++) lossRows[l] = layers[l].Rows[i];
                PerLossGradients.Backward(losses[i], retainGraph: true, outputs, lossRows, reached);
            }
            using var _ = torch.no_grad();
            gramian.zero_();
            foreach (var layer in layers) layer.AddGramian(gramian, lossCount);
            return true;
        }
        finally
        {
            Array.Clear(outputs);
            Array.Clear(lossRows);
            foreach (var layer in layers) layer.Forget(count: true);
        }
    }

    private bool Ready()
    {
        long bytes = 0;
        foreach (var layer in layers)
        {
            // A layer that did not run in this step keeps the previous step's output, disposed with that step's scope.
            if (layer.Calls != 1 || layer.Output is not { IsInvalid: false, requires_grad: true } output) return false;
            var rows = output.numel() / output.shape[^1];
            bytes += (rows * rows + 2L * lossCount * output.numel()) * output.ElementSize;
        }
        if (jacobianBytes > 0 && 2 * bytes > jacobianBytes)
        {
            // The batch makes the layers' way no cheaper than the Jacobian; batches keep their size, so it is given up
            // (and the hooks removed) rather than tried again every step.
            TooLarge = true;
            return false;
        }
        foreach (var layer in layers) layer.EnsureRows(lossCount);
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var layer in layers) layer.Dispose();
    }

    /// <summary>One linear layer: its hook, this step's input and output, and the losses' gradients at the output.</summary>
    private sealed class Layer(Linear linear, bool weight, bool bias) : IDisposable
    {
        private readonly KeptTensors buffer = new();
        private Action? removeHook;
        private Tensor? rows;

        public int Calls { get; private set; }

        public Tensor? Input { get; private set; }

        public Tensor? Output { get; private set; }

        /// <summary>Loss i's gradient at the output: row i of the buffer, shaped as the output.</summary>
        public Tensor[] Rows { get; private set; } = [];

        public void Hook()
        {
            removeHook = linear.register_forward_hook((_, input, output) =>
            {
                if (!torch.is_grad_enabled()) return output;
                Calls++;
                Forget();
                // Handles of our own to the same tensors (alias() is a new handle, not a view): Sequential disposes
                // the outputs it passes on. They belong to the step's dispose scope, as the outputs do.
                (Input, Output) = (input.alias(), output.alias());
                return output;
            }).remove;
        }

        /// <summary>The [K, M, out] buffer of the losses' gradients at the output, and its <see cref="Rows"/>, kept while the output's shape stays.</summary>
        public void EnsureRows(int lossCount)
        {
            var output = Output!;
            var shape = output.shape;
            if (buffer.Fit(output, shape)) return;
            using var scope = torch.NewDisposeScope();
            rows = buffer.Keep(torch.zeros([lossCount, output.numel() / shape[^1], shape[^1]], dtype: output.dtype, device: output.device));
            Rows = new Tensor[lossCount];
            for (var i = 0; i < lossCount; i++) Rows[i] = buffer.Keep(rows[i].view(shape));
        }

        /// <summary>Adds this layer's part, ⟨Δ_i, A·Δ_j⟩ with A = X·Xᵀ (weight) + 1 (bias), to <paramref name="gramian"/>.</summary>
        public void AddGramian(Tensor gramian, int lossCount)
        {
            using var scope = torch.NewDisposeScope();
            var count = rows!.shape[1];
            var products = weight
                ? Input!.detach().reshape(count, -1).to(rows.dtype).mm(Input.detach().reshape(count, -1).to(rows.dtype).t())
                : torch.zeros(count, count, dtype: rows.dtype, device: rows.device);
            if (bias) products.add_(Scalars.One);
            var mixed = products.matmul(rows);
            gramian.add_(rows.reshape(lossCount, -1).mm(mixed.reshape(lossCount, -1).t()).to(gramian.dtype));
        }

        /// <summary>Lets go of this step's input and output; with <paramref name="count"/> false, the number of calls stays.</summary>
        public void Forget(bool count = false)
        {
            if (count) Calls = 0;
            Input?.Dispose();
            Output?.Dispose();
            (Input, Output) = (null, null);
        }

        public void Dispose()
        {
            removeHook?.Invoke();
            removeHook = null;
            Forget(count: true);
            buffer.Dispose();
        }
    }
}
