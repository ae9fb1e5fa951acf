using static TorchSharp.torch;

namespace ParetoToy.Problem;

/// <summary>
/// The two objectives of the toy problem of Liu et al. 2021 (CAGrad), on tensors, for the trainers to differentiate.
/// Above the x1 axis each is a clamped logarithm scaled by tanh(x2/2); below it a wide quadratic bowl scaled by
/// tanh(−x2/2), with L1's bowl centred at x1 = 7 and L2's at x1 = −7. L2 is L1 mirrored in x1 ↦ −x1.
/// </summary>
/// <remarks>
/// Written as <see cref="ToyObjectivesExact"/> is, term for term, so that the two can be checked against each other:
/// <c>upper_i = log(max(|u_i|, 5·10⁻⁶)) + 6</c> with <c>u_1 = tanh(x2) − (x1 + 7)/2</c> and
/// <c>u_2 = (7 − x1)/2 − tanh(x2)</c>; <c>lower_i = ((x1 ∓ 7)² + (x2 + 8)²/10)/10 − 20</c>;
/// <c>L_i = max(tanh(x2/2), 0)·upper_i + max(tanh(−x2/2), 0)·lower_i</c>.
/// </remarks>
public static class ToyObjectives
{
    /// <summary>The floor of |u_i| inside the logarithm: below it the upper branch is flat.</summary>
    public const double LogFloor = 5e-6;

    public static Tensor First(Tensor x1, Tensor x2) => Objective(x1, x2, sign: 1);

    public static Tensor Second(Tensor x1, Tensor x2) => Objective(x1, x2, sign: -1);

    /// <summary>L1 at (sign·x1, x2): <paramref name="sign"/> 1 for L1, −1 for L2, whose u_2 is −u_1 at −x1.</summary>
    private static Tensor Objective(Tensor x1, Tensor x2, int sign)
    {
        using var scope = NewDisposeScope();
        var x = x1 * sign;
        var u = x2.tanh() - (x + 7) / 2;
        var upper = u.abs().clamp_min(LogFloor).log() + 6;
        var lower = ((x - 7).square() + (x2 + 8).square() / 10) / 10 - 20;
        var upperWeight = (x2 / 2).tanh().clamp_min(0);
        var lowerWeight = (-x2 / 2).tanh().clamp_min(0);
        return (upperWeight * upper + lowerWeight * lower).MoveToOuterDisposeScope();
    }
}
