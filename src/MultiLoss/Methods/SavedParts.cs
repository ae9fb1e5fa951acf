using System;
using System.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods;

/// <summary>The pieces of state <see cref="TrainingMethod"/> saves for a method: tensors, host values, counts, an optimizer's state.</summary>
internal static class SavedParts
{
    /// <summary>A tensor's values, restored in place (under <c>no_grad</c>, so a learnable weight can be restored too).</summary>
    public sealed class TensorValues(Tensor tensor) : ISavedState
    {
        public void Save(MethodState state, string name) => state.SetValues(name, TrainingMethod.HostValues(tensor));

        public void Restore(MethodState state, string name)
        {
            var values = state.GetValues(name, tensor.numel());
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            tensor.copy_(torch.tensor(values, dtype: tensor.dtype, device: tensor.device).reshape(tensor.shape));
        }
    }

    /// <summary>Host values, restored into the same array.</summary>
    public sealed class HostValues(double[] values) : ISavedState
    {
        public void Save(MethodState state, string name) => state.SetValues(name, (double[])values.Clone());

        public void Restore(MethodState state, string name) => state.GetValues(name, values.Length).CopyTo(values, 0);
    }

    /// <summary>A count (steps, epochs): a whole number from 0 to 2⁵³, which a double holds exactly.</summary>
    public sealed class Count(Func<long> read, Action<long> write) : ISavedState
    {
        public void Save(MethodState state, string name) => state.SetValues(name, [read()]);

        public void Restore(MethodState state, string name) => write((long)state.GetWholeNumbers(name, 1)[0]);
    }

    /// <summary>The gradients an optimizer's parameters hold (a state saved mid-accumulation holds the cycle's so far).</summary>
    public sealed class ParameterGradients(OptimizerHelper optimizer) : ISavedState
    {
        public void Save(MethodState state, string name) => state.SetValues(name, Runtime.Gradients.SaveValues(optimizer));

        public void Restore(MethodState state, string name) => Runtime.Gradients.RestoreValues(optimizer, state.GetValues(name));
    }

    /// <summary>An optimizer's state dictionary, as TorchSharp writes it.</summary>
    public sealed class OptimizerState(OptimizerHelper optimizer) : ISavedState
    {
        public void Save(MethodState state, string name)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
            state.SetBytes(name, stream.ToArray());
        }

        public void Restore(MethodState state, string name)
        {
            using var stream = new MemoryStream(state.GetBytes(name), writable: false);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
        }
    }
}
