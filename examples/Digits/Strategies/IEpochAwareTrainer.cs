namespace Digits.Strategies;

/// <summary>
/// A trainer that must be told when an epoch ends (dynamic weight average sets the next epoch's weights then). The
/// training loop calls <see cref="EndEpoch"/> after the last step of every epoch; other trainers do not implement it.
/// </summary>
public interface IEpochAwareTrainer : IDigitsTrainer
{
    /// <summary>Called once after each epoch's last step, before the next epoch's first.</summary>
    void EndEpoch();
}
