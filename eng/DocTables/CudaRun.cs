using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DocTables;

/// <summary>
/// A recorded CUDA measurement under docs/runs/ (its <c>run.json</c> with <c>"kind": "cuda"</c>): the same training on
/// the CPU and on the GPU, time per step of pairs of steps, PyTorch eager's times, and the digits example on both.
/// Written by hand from what the programs printed on the GPU machine; see docs/writing-docs.md.
/// </summary>
public sealed record CudaRun(
    string Kind, string What, string Commit, string Date, string How,
    CudaMachine Machine, CudaEquality Equality, CudaTiming Timing, CudaDigits Digits)
{
    public const string ExpectedKind = "cuda";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static CudaRun Load(string root, string name)
    {
        var path = Path.Combine(root, name, RunRecord.FileName);
        if (!File.Exists(path)) throw new DocTablesException($"{path} does not exist");
        CudaRun? run;
        try
        {
            run = JsonSerializer.Deserialize<CudaRun>(File.ReadAllText(path), Options);
        }
        catch (JsonException ex)
        {
            throw new DocTablesException($"{path} is not a CUDA run record: {ex.Message}");
        }
        if (run is null || run.Kind != ExpectedKind) throw new DocTablesException($"{path} is not a CUDA run record (\"kind\": \"{ExpectedKind}\")");
        return run;
    }

    /// <summary>The timing pair with this label.</summary>
    public TimingPair Pair(string label) =>
        Timing.Pairs.FirstOrDefault(p => p.Label == label) ?? throw new DocTablesException($"the CUDA run has no timing pair '{label}'");
}

public sealed record CudaMachine(string Gpu, int GpuMemoryGiB, string Libtorch, string Cuda, string TorchSharp, string Note);

/// <param name="Setup">The model, batch, optimizer and number of steps all the comparisons share.</param>
/// <param name="Steps">The number of steps after which the parameters were compared.</param>
public sealed record CudaEquality(
    string Setup, int Steps, IReadOnlyList<TrainerDifference> CpuVsCuda, IReadOnlyList<TrainerDifference> GeneratedVsHandOnCuda, LiveTensorCheck LiveTensors);

/// <summary>The largest absolute difference between the parameters of two runs after the last step.</summary>
public sealed record TrainerDifference(string Trainer, double MaxAbsDifference);

/// <summary>Whether the count of live tensors after <paramref name="Steps"/> steps equalled the count after the first, for each trainer.</summary>
public sealed record LiveTensorCheck(int Steps, int Trainers, bool Unchanged);

public sealed record CudaTiming(string Setup, TimingModels Models, IReadOnlyList<TimingPair> Pairs, EagerLoops PytorchEager);

public sealed record TimingModels(string Small, string Large);

/// <summary>Two steps timed against each other on both models: "A / B".</summary>
public sealed record TimingPair(string Label, PairTiming Small, PairTiming Large);

public sealed record PairTiming(double Ratio, double AMicroseconds, double BMicroseconds);

public sealed record EagerLoops(string Setup, IReadOnlyList<EagerLoop> Loops);

/// <param name="Pair">The label of the generated / hand pair of the same loop.</param>
public sealed record EagerLoop(string Loop, string Pair, double SmallMicroseconds, double LargeMicroseconds);

public sealed record CudaDigits(string Command, int Epochs, int ExitCode, double CudaSeconds, double CpuSeconds, IReadOnlyList<DeviceAccuracy> TestAccuracy);

public sealed record DeviceAccuracy(string Strategy, double Cuda, double Cpu);
