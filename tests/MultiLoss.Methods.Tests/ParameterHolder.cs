using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Methods.Tests;

/// <summary>A module with one parameter <see cref="P"/> of a given shape (float64 unless told), zero at the start: what a harness trains.</summary>
internal sealed class ParameterHolder : nn.Module
{
    public ParameterHolder(string name, params long[] shape) : this(name, ScalarType.Float64, shape)
    {
    }

    /// <summary>A holder whose parameter has <paramref name="dtype"/>.</summary>
    public ParameterHolder(string name, ScalarType dtype, params long[] shape) : base(name)
    {
        P = new Parameter(torch.zeros(shape, dtype: dtype));
        P.DetachFromDisposeScope();
        register_parameter("p", P);
    }

    public Parameter P { get; }

    protected override void Dispose(bool disposing)
    {
        if (disposing) P.Dispose();
        base.Dispose(disposing);
    }
}
