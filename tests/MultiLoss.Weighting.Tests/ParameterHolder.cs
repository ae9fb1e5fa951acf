using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Weighting.Tests;

/// <summary>A module with one float64 parameter <see cref="P"/> of a given shape, zero at the start: what a harness trains.</summary>
internal sealed class ParameterHolder : nn.Module
{
    public ParameterHolder(string name, params long[] shape) : base(name)
    {
        P = new Parameter(torch.zeros(shape, dtype: ScalarType.Float64));
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
