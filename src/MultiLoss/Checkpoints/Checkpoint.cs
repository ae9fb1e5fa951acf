using System;
using System.IO;
using System.Text;
using MultiLoss.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace MultiLoss;

/// <summary>
/// Everything a run needs to continue, saved and loaded in one call and one file: the model's parameters and buffers,
/// the optimizer's state, the trainer's state (<see cref="IMultiLossTrainer.SaveState"/>: steps, phase, gates and the
/// method's state), the learning-rate scheduler's state if there is one, the state of torch's default CPU generator,
/// and where the run stands (<see cref="TrainingPosition"/>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Save"/> writes to a temporary file beside the path, flushes it to the disk and renames it over the path,
/// so that a crash while saving leaves the previous checkpoint. <see cref="Load"/> checks the whole file (signature,
/// format version, length, SHA-256) and that it fits the model, the optimizer, the trainer and the scheduler before it
/// changes any of them; a file that does not throws <see cref="InvalidDataException"/> naming the file, what is wrong
/// and what to do, and leaves them as they were.
/// </para>
/// <para>
/// To resume, build the model, the optimizer, the trainer and the scheduler as the run that saved built them (the same
/// layers, parameter groups, method and schedule), then <see cref="Load"/>: the next step continues exactly where that
/// run stopped. The optimizer must be one of TorchSharp's managed optimizers (Adam, SGD, ...: an
/// <c>OptimizerHelper</c>), whose state TorchSharp saves.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var checkpoint = new Checkpoint(model, optimizer, trainer, scheduler);
/// checkpoint.Save("run/last.ckpt", new TrainingPosition(epoch, batchInEpoch: 0));
/// // in a new process, after building model, optimizer, trainer and scheduler the same way:
/// TrainingPosition position = checkpoint.Load("run/last.ckpt");
/// </code>
/// </example>
public sealed class Checkpoint
{
    private const string TrainerSection = "trainer";
    private const string OptimizerSection = "optimizer";

    private readonly OptimizerHelper optimizer;

    /// <summary>A checkpoint of these objects; <paramref name="scheduler"/> is optional.</summary>
    /// <exception cref="ArgumentNullException">The model, the optimizer or the trainer is null.</exception>
    /// <exception cref="NotSupportedException">
    /// The optimizer is not one of TorchSharp's managed optimizers, or the scheduler not one of TorchSharp's schedulers:
    /// their state cannot be saved.
    /// </exception>
    public Checkpoint(nn.Module model, optim.Optimizer optimizer, IMultiLossTrainer trainer, LRScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(trainer);
        this.optimizer = optimizer as OptimizerHelper ?? throw new NotSupportedException(
            $"A checkpoint saves the optimizer's state with TorchSharp's save_state_dict, which {optimizer.GetType().Name} does not have: " +
            "it is implemented in native code. Use one of TorchSharp's managed optimizers (SGD, Adam, AdamW, Adamax, Adadelta, Adagrad, " +
            "ASGD, NAdam, RAdam, RMSProp, Rprop).");
        if (scheduler is not null) SchedulerState.EnsureSupported(scheduler);
        Model = model;
        Optimizer = optimizer;
        Trainer = trainer;
        Scheduler = scheduler;
    }

    /// <summary>The model whose parameters and buffers are saved and loaded.</summary>
    public nn.Module Model { get; }

    /// <summary>The optimizer whose state is saved and loaded.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The trainer whose state is saved and loaded.</summary>
    public IMultiLossTrainer Trainer { get; }

    /// <summary>The learning-rate scheduler whose state is saved and loaded, if any.</summary>
    public LRScheduler? Scheduler { get; }

    /// <summary>Saves everything, with <paramref name="position"/>, to <paramref name="path"/>, replacing the file atomically.</summary>
    /// <param name="path">The file; its folder must exist. A temporary file <c>path + ".tmp"</c> is written first.</param>
    /// <param name="position">Where the run stands: a resumed run starts there.</param>
    /// <exception cref="IOException">Writing failed; the file at <paramref name="path"/> is as it was.</exception>
    public void Save(string path, TrainingPosition position)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(position);
        CheckpointSection[] sections =
        [
            new(PositionSection.Name, writer => PositionSection.Write(writer, position)),
            new(RandomStateSection.Name, RandomStateSection.Write),
            new(TrainerSection, writer => Trainer.SaveState().Save(writer.BaseStream)),
            .. Scheduler is null ? Array.Empty<CheckpointSection>() : [new(SchedulerState.Name, writer => SchedulerState.Capture(Scheduler).Write(writer))],
            new(OptimizerSection, optimizer.save_state_dict),
            new(ModelSection.Name, writer => ModelSection.Write(writer, Model)),
        ];
        CheckpointWriter.Write(path, sections);
    }

    /// <summary>
    /// Loads <paramref name="path"/> into the model, the optimizer, the trainer and the scheduler, and sets torch's
    /// default CPU generator to its state at the save; returns where the saved run stood.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a checkpoint, of another format version, truncated or corrupt, or it does not fit the objects
    /// (another model shape, optimizer, trainer or scheduler). Nothing was changed.
    /// </exception>
    public TrainingPosition Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = CheckpointReader.Open(path);

        var position = ReadSmallSection(file, PositionSection.Name, PositionSection.Read);
        var randomState = ReadSmallSection(file, RandomStateSection.Name, RandomStateSection.Read);
        var trainerState = ReadSmallSection(file, TrainerSection, reader => TrainerState.Load(reader.BaseStream));
        var schedulerState = ReadScheduler(file);
        var modelTensors = ModelSection.Match(file, Model);

        // What can still fail below is TorchSharp's loading of the optimizer's state and the trainer's own checks: keep
        // what they hold now, to put it back if either throws.
        var trainerBefore = Trainer.SaveState();
        var optimizerBefore = SaveOptimizer();
        var optimizerState = file.Section(OptimizerSection);
        var restoring = "trainer";
        try
        {
            Trainer.RestoreState(trainerState);
            restoring = "optimizer";
            optimizer.load_state_dict(optimizerState);
            if (!file.WasReadWhole(OptimizerSection)) throw new InvalidDataException("TorchSharp read another length of optimizer state than the checkpoint holds.");
        }
        catch (Exception e)
        {
            optimizer.load_state_dict(new BinaryReader(new MemoryStream(optimizerBefore)));
            Trainer.RestoreState(trainerBefore);
            throw file.Error(
                $"does not fit the {restoring}: {e.Message.TrimEnd('.')}",
                $"Build the {restoring} as the run that saved the checkpoint built it (its type, parameters and settings), then load.",
                e);
        }

        schedulerState?.Restore(Scheduler!);
        RandomStateSection.Restore(randomState);
        ModelSection.CopyInto(file, modelTensors);
        return position;
    }

    private SchedulerState? ReadScheduler(CheckpointReader file)
    {
        var saved = file.Has(SchedulerState.Name);
        if (saved && Scheduler is null)
        {
            throw file.Error("holds a learning-rate scheduler's state and no scheduler was given", "Pass the run's scheduler to the Checkpoint, built as the run built it.");
        }
        if (!saved && Scheduler is not null)
        {
            throw file.Error("was saved without a learning-rate scheduler and a scheduler was given", "Load it with a Checkpoint that has no scheduler.");
        }
        if (!saved) return null;
        var state = ReadSmallSection(file, SchedulerState.Name, reader => SchedulerState.Read(reader));
        if (state.Mismatch(Scheduler!) is { } mismatch)
        {
            throw file.Error($"does not fit the scheduler: {mismatch}", "Build the scheduler as the run that saved the checkpoint built it, then load.");
        }
        return state;
    }

    private byte[] SaveOptimizer()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    private static T ReadSmallSection<T>(CheckpointReader file, string name, Func<BinaryReader, T> read)
    {
        var reader = file.Section(name);
        T value;
        try
        {
            value = read(reader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw file.Error($"has a '{name}' section that cannot be read ({e.Message})", "Use a file written by Checkpoint.Save.", e);
        }
        file.EnsureRead(name);
        return value;
    }
}
