using System;
using System.ComponentModel;
using MultiLoss.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Runtime;

/// <summary>
/// The values a trainer reports for its latest step (each loss, the total, ...): those of the device buffer kept where
/// the losses live and copied to the host only when first read, the others (flags, the phase, ramped weights) set on the
/// host. Laid out by a <see cref="ReportLayout"/>.
/// </summary>
/// <remarks>
/// Writing a step's device values is a device-side copy per value: no host synchronisation, no managed allocation
/// beyond one autograd guard. The first read after a step copies the device buffer to the host once; later reads of
/// the same step are array reads. A trainer owns one instance per result type and disposes it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class StepValues : IDisposable
{
    private readonly double[] hostValues;
    private readonly KeptTensors kept = new();
    private Tensor? deviceBuffer;
    private Tensor[]? deviceSlots;
    private HostBuffer? hostBuffer;
    private long hostStep;
    private ulong writtenThisStep;
    private bool disposed;

    /// <summary>Creates the buffer for the values of <paramref name="layout"/>.</summary>
    public StepValues(ReportLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.DeviceValueCount > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout.DeviceValueCount, $"A step keeps at most {MaxCount} values on the device.");
        }
        Layout = layout;
        hostValues = new double[layout.Count];
    }

    /// <summary>The largest number of values a step can keep on the device.</summary>
    public const int MaxCount = 64;

    /// <summary>The values' names and kinds.</summary>
    public ReportLayout Layout { get; }

    /// <summary>The number of values per step.</summary>
    public int Count => hostValues.Length;

    /// <summary>How many of the first values live in the device buffer.</summary>
    public int DeviceCount => Layout.DeviceValueCount;

    /// <summary>The step whose values the buffer holds (1 for the first step; 0 before any).</summary>
    public long Step { get; private set; }

    /// <summary>Continues counting from <paramref name="stepsTaken"/> (restoring a saved state); the buffer reads as empty until the next step.</summary>
    public void RestoreStep(long stepsTaken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(stepsTaken);
        Step = stepsTaken;
        hostStep = -1;
    }

    /// <summary>
    /// Starts recording the values of a new step. Dispose the writer (a <c>using</c> statement) when done;
    /// values not written read as NaN.
    /// </summary>
    public Writer BeginStep()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Step++;
        writtenThisStep = 0;
        Array.Fill(hostValues, double.NaN, DeviceCount, hostValues.Length - DeviceCount);
        return new Writer(this, torch.no_grad(), clearsUnwritten: true);
    }

    /// <summary>
    /// Records more values of the current step (values known only after the backward pass, such as an aggregation's
    /// weights); what was recorded before stays. A read afterwards copies the values to the host again.
    /// </summary>
    public Writer Amend()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        hostStep = -1;
        return new Writer(this, torch.no_grad(), clearsUnwritten: false);
    }

    /// <summary>Sets value <paramref name="index"/> of the current step, one known on the host (after the device values).</summary>
    public void Set(int index, double value)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (index < DeviceCount || index >= hostValues.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The host values are {DeviceCount} to {hostValues.Length - 1}.");
        }
        hostValues[index] = value;
    }

    /// <summary>Sets flag <paramref name="index"/> of the current step: 1 for true, 0 for false.</summary>
    public void Set(int index, bool value) => Set(index, value ? 1.0 : 0.0);

    /// <summary>This step's values, for the step's result.</summary>
    public StepReport Report() => new(this, Step, Step, isEvaluation: false);

    /// <summary>This evaluation's values, for its result, numbered by the <paramref name="stepsTaken"/> of the trainer.</summary>
    public StepReport ReportAfter(long stepsTaken) => new(this, Step, stepsTaken, isEvaluation: true);

    /// <summary>Reads value <paramref name="slot"/> of step <paramref name="ofStep"/>, copying the step's device values to the host on first read.</summary>
    /// <exception cref="InvalidOperationException">The trainer has taken another step since <paramref name="ofStep"/>.</exception>
    public double Read(int slot, long ofStep)
    {
        EnsureCurrent(ofStep, "Read a step's values before the next Step call, or copy them into your own variables.");
        if (hostStep != Step)
        {
            CopyToHost();
            hostStep = Step;
        }
        return hostValues[slot];
    }

    /// <summary>
    /// The device buffer holding step <paramref name="ofStep"/>'s values (null before any value was recorded), for
    /// <see cref="StepValueSums"/>; the same staleness check as <see cref="Read"/>.
    /// </summary>
    internal Tensor? DeviceBufferOf(long ofStep)
    {
        EnsureCurrent(ofStep, "Add a step's report before the next Step call.");
        return deviceBuffer;
    }

    private void EnsureCurrent(long ofStep, string advice)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (ofStep != Step)
        {
            throw new InvalidOperationException($"This step result is from step {ofStep}, but the trainer has taken step {Step} since. {advice}");
        }
    }

    private void CopyToHost()
    {
        if (deviceBuffer is null) Array.Fill(hostValues, double.NaN, 0, DeviceCount);
        else hostBuffer!.Read(deviceBuffer).CopyTo(hostValues);
    }

    private void Write(int slot, Tensor value)
    {
        (deviceSlots ?? CreateBuffers(value.device))[slot].copy_(value);
        writtenThisStep |= 1UL << slot;
    }

    private void ClearUnwritten()
    {
        if (deviceSlots is null) return;
        for (var i = 0; i < deviceSlots.Length; i++)
        {
            if ((writtenThisStep & (1UL << i)) == 0) deviceSlots[i].fill_(Scalars.NaN);
        }
    }

    private Tensor[] CreateBuffers(Device device)
    {
        deviceBuffer = kept.Keep(torch.full(DeviceCount, double.NaN, dtype: ScalarType.Float64, device: device));
        deviceSlots = new Tensor[DeviceCount];
        for (var i = 0; i < deviceSlots.Length; i++) deviceSlots[i] = kept.Keep(deviceBuffer[i]);
        hostBuffer = new HostBuffer(DeviceCount);
        return deviceSlots;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        disposed = true;
        kept.Dispose();
        hostBuffer?.Dispose();
    }

    /// <summary>Records one step's values; gradients are off while it is alive.</summary>
    public readonly struct Writer : IDisposable
    {
        private readonly StepValues owner;
        private readonly IDisposable gradGuard;
        private readonly bool clearsUnwritten;

        internal Writer(StepValues owner, IDisposable gradGuard, bool clearsUnwritten)
        {
            this.owner = owner;
            this.gradGuard = gradGuard;
            this.clearsUnwritten = clearsUnwritten;
        }

        /// <summary>Records <paramref name="value"/> (a one-element tensor) as value <paramref name="slot"/> of this step.</summary>
        public void Set(int slot, Tensor value) => owner.Write(slot, value);

        /// <summary>Ends the recording; slots not written this step read as NaN.</summary>
        public void Dispose()
        {
            if (clearsUnwritten) owner.ClearUnwritten();
            gradGuard.Dispose();
        }
    }
}
