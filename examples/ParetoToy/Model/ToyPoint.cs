using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ParetoToy.Model;

/// <summary>
/// The "model" of the toy problem: nothing but the point (x1, x2) being optimised, two scalar parameters in float32
/// as in the paper's code. Both objectives depend on both, so every parameter is shared.
/// </summary>
public sealed class ToyPoint : nn.Module
{
    private readonly Parameter x1;
    private readonly Parameter x2;

    public ToyPoint(double x1, double x2) : base(nameof(ToyPoint))
    {
        this.x1 = nn.Parameter(tensor((float)x1));
        this.x2 = nn.Parameter(tensor((float)x2));
        RegisterComponents();
    }

    public Parameter X1 => x1;

    public Parameter X2 => x2;

    /// <summary>The current point, read to the host.</summary>
    public (double X1, double X2) Position => (x1.item<float>(), x2.item<float>());
}
