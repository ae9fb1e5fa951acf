using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MultiLoss;

/// <summary>
/// The state of one of TorchSharp's learning-rate schedulers, which TorchSharp 0.107 does not expose (it has no
/// <c>state_dict</c>): the fields that its <c>step</c> changes, read and written by reflection. Those are, for every
/// scheduler, the epoch count (<c>_last_epoch</c>), the step count (<c>_step_count</c>) and the last and base learning
/// rates (<c>_last_lrs</c>, <c>_base_lrs</c>); for <c>ReduceLROnPlateau</c> also its best value, its count of bad
/// epochs and its cooldown; for <c>SequentialLR</c> and <c>ChainedLR</c> the state of each scheduler they hold. The
/// other fields are the scheduler's settings, which the scheduler built for the resumed run has as well. The learning
/// rates themselves (and the momentum a cyclic schedule sets) live in the optimizer's options, which the optimizer's
/// state holds.
/// </summary>
internal sealed class SchedulerState(string type, int lastEpoch, int stepCount, double[] lastRates, double[] baseRates, double[] own, SchedulerState[] inner)
{
    public const string Name = "scheduler";

    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly FieldInfo? LastEpoch = typeof(LRScheduler).GetField("_last_epoch", InstanceFields);
    private static readonly FieldInfo? StepCount = typeof(LRScheduler).GetField("_step_count", InstanceFields);
    private static readonly FieldInfo? LastRates = typeof(LRScheduler).GetField("_last_lrs", InstanceFields);
    private static readonly FieldInfo? BaseRates = typeof(LRScheduler).GetField("_base_lrs", InstanceFields);

    /// <summary>TorchSharp's schedulers, each with the fields of its own that its <c>step</c> changes.</summary>
    private static readonly Dictionary<Type, string[]> OwnState = new()
    {
        [typeof(impl.LambdaLR)] = [],
        [typeof(impl.MultiplicativeLR)] = [],
        [typeof(impl.StepLR)] = [],
        [typeof(impl.MultiStepLR)] = [],
        [typeof(impl.PolynomialLR)] = [],
        [typeof(impl.ExponentialLR)] = [],
        [typeof(impl.ConstantLR)] = [],
        [typeof(impl.LinearLR)] = [],
        [typeof(impl.CosineAnnealingLR)] = [],
        [typeof(impl.CyclicLR)] = [],
        [typeof(impl.OneCycleLR)] = [],
        [typeof(impl.ReduceLROnPlateau)] = ["best", "num_bad_epochs", "cooldown_counter"],
        [typeof(impl.SequentialLR)] = [],
        [typeof(impl.ChainedLR)] = [],
    };

    /// <summary>The field that holds the schedulers a <c>SequentialLR</c> or a <c>ChainedLR</c> runs.</summary>
    private const string InnerSchedulers = "_schedulers";

    /// <summary>Throws unless the state of <paramref name="scheduler"/> (and of any scheduler it holds) can be saved.</summary>
    /// <exception cref="NotSupportedException">It is not one of TorchSharp's schedulers, or this TorchSharp keeps their state in other fields.</exception>
    public static void EnsureSupported(LRScheduler scheduler)
    {
        var type = scheduler.GetType();
        if (!OwnState.TryGetValue(type, out var ownFields))
        {
            throw new NotSupportedException(
                $"A checkpoint saves the state of TorchSharp's learning-rate schedulers ({string.Join(", ", SupportedNames())}), " +
                $"but {type.FullName} is not one of them: its own fields are unknown. Save the checkpoint without the scheduler, " +
                "and keep what defines your scheduler's position in the TrainingPosition's values.");
        }
        RequireField(typeof(LRScheduler), LastEpoch, "_last_epoch");
        RequireField(typeof(LRScheduler), StepCount, "_step_count");
        RequireField(typeof(LRScheduler), LastRates, "_last_lrs");
        RequireField(typeof(LRScheduler), BaseRates, "_base_lrs");
        foreach (var name in ownFields) RequireField(type, type.GetField(name, InstanceFields), name);
        foreach (var held in InnerOf(scheduler)) EnsureSupported(held);
    }

    /// <summary>The state of <paramref name="scheduler"/> now.</summary>
    public static SchedulerState Capture(LRScheduler scheduler)
    {
        var actual = scheduler.GetType();
        var ownFields = OwnState[actual];
        var ownValues = new double[ownFields.Length];
        for (var i = 0; i < ownValues.Length; i++) ownValues[i] = Convert.ToDouble(actual.GetField(ownFields[i], InstanceFields)!.GetValue(scheduler), CultureInfo.InvariantCulture);
        var innerSchedulers = InnerOf(scheduler);
        var innerStates = new SchedulerState[innerSchedulers.Count];
        for (var i = 0; i < innerStates.Length; i++) innerStates[i] = Capture(innerSchedulers[i]);
        return new SchedulerState(
            actual.FullName!,
            (int)LastEpoch!.GetValue(scheduler)!,
            (int)StepCount!.GetValue(scheduler)!,
            [.. Rates(LastRates!, scheduler)],
            [.. Rates(BaseRates!, scheduler)],
            ownValues,
            innerStates);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(type);
        writer.Write(lastEpoch);
        writer.Write(stepCount);
        WriteDoubles(writer, lastRates);
        WriteDoubles(writer, baseRates);
        WriteDoubles(writer, own);
        writer.Write(inner.Length);
        foreach (var state in inner) state.Write(writer);
    }

    /// <exception cref="EndOfStreamException">The section ends early.</exception>
    /// <exception cref="InvalidDataException">A count is out of range.</exception>
    public static SchedulerState Read(BinaryReader reader, int depth = 0)
    {
        if (depth > 8) throw new InvalidDataException("schedulers nested more than 8 deep");
        var savedType = reader.ReadString();
        var savedLastEpoch = reader.ReadInt32();
        var savedStepCount = reader.ReadInt32();
        var savedLastRates = ReadDoubles(reader);
        var savedBaseRates = ReadDoubles(reader);
        var savedOwn = ReadDoubles(reader);
        var count = reader.ReadInt32();
        if (count < 0 || count > 64) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a scheduler holding {count} schedulers"));
        var savedInner = new SchedulerState[count];
        for (var i = 0; i < count; i++) savedInner[i] = Read(reader, depth + 1);
        return new SchedulerState(savedType, savedLastEpoch, savedStepCount, savedLastRates, savedBaseRates, savedOwn, savedInner);
    }

    /// <summary>Why this state cannot be restored into <paramref name="scheduler"/>, or null when it can.</summary>
    public string? Mismatch(LRScheduler scheduler)
    {
        var actual = scheduler.GetType();
        if (actual.FullName != type) return $"it holds the state of a {Short(type)} and the scheduler is a {actual.Name}";
        var rates = Rates(LastRates!, scheduler).Count;
        if (rates != lastRates.Length || rates != baseRates.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its {actual.Name} had {lastRates.Length} parameter groups and the scheduler has {rates}");
        }
        if (OwnState[actual].Length != own.Length) return string.Create(CultureInfo.InvariantCulture, $"its {actual.Name} state has {own.Length} values where this MultiLoss expects {OwnState[actual].Length}");
        var innerSchedulers = InnerOf(scheduler);
        if (innerSchedulers.Count != inner.Length)
        {
            return string.Create(CultureInfo.InvariantCulture, $"its {actual.Name} held {inner.Length} schedulers and the scheduler holds {innerSchedulers.Count}");
        }
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i].Mismatch(innerSchedulers[i]) is { } mismatch) return mismatch;
        }
        return null;
    }

    /// <summary>Sets <paramref name="scheduler"/> to this state; <see cref="Mismatch"/> must have returned null.</summary>
    public void Restore(LRScheduler scheduler)
    {
        var actual = scheduler.GetType();
        LastEpoch!.SetValue(scheduler, lastEpoch);
        StepCount!.SetValue(scheduler, stepCount);
        // In place: a SequentialLR shares its list of last rates with its first scheduler.
        SetRates(Rates(LastRates!, scheduler), lastRates);
        SetRates(Rates(BaseRates!, scheduler), baseRates);
        var ownFields = OwnState[actual];
        for (var i = 0; i < ownFields.Length; i++)
        {
            var field = actual.GetField(ownFields[i], InstanceFields)!;
            field.SetValue(scheduler, Convert.ChangeType(own[i], field.FieldType, CultureInfo.InvariantCulture));
        }
        var innerSchedulers = InnerOf(scheduler);
        for (var i = 0; i < inner.Length; i++) inner[i].Restore(innerSchedulers[i]);
    }

    private static IList<double> Rates(FieldInfo field, LRScheduler scheduler) => (IList<double>?)field.GetValue(scheduler) ?? [];

    private static void SetRates(IList<double> rates, double[] values)
    {
        for (var i = 0; i < values.Length; i++) rates[i] = values[i];
    }

    private static List<LRScheduler> InnerOf(LRScheduler scheduler)
    {
        var field = scheduler.GetType().GetField(InnerSchedulers, InstanceFields);
        var inner = new List<LRScheduler>();
        if (field?.GetValue(scheduler) is IEnumerable<LRScheduler> schedulers) inner.AddRange(schedulers);
        return inner;
    }

    private static void RequireField(Type type, FieldInfo? field, string name)
    {
        if (field is null)
        {
            throw new NotSupportedException(
                $"A checkpoint saves a scheduler's state through the fields of TorchSharp 0.107's schedulers, and {type.Name} " +
                $"in this TorchSharp has no field '{name}'. Save the checkpoint without the scheduler, or use TorchSharp 0.107.");
        }
    }

    private static IEnumerable<string> SupportedNames()
    {
        foreach (var type in OwnState.Keys) yield return type.Name;
    }

    private static string Short(string fullName) => fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (var value in values) writer.Write(value);
    }

    private static double[] ReadDoubles(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 1 << 16) throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a list of {count} numbers"));
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadDouble();
        return values;
    }
}
