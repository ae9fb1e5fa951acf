using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MultiLoss;
using MultiLoss.CheckpointChild;
using MultiLoss.Runtime;
using static TorchSharp.torch;

// Usage: MultiLoss.CheckpointChild <folder> <checkpoint every N steps> <milliseconds to wait after each step> [resume]
//
// Trains ChildTrainer for Epochs epochs of BatchesPerEpoch batches (Adam, a StepLR stepped after each epoch), saving a
// checkpoint to <folder>/last.ckpt every N steps. Each step appends a line to <folder>/steps.txt (or resumed.txt when
// resuming): the step number and the bits of every reported value. At the end it writes the bits of every parameter to
// <folder>/final.txt. With "resume" it starts from <folder>/last.ckpt.
const int Epochs = 6;
const int BatchesPerEpoch = 4;
const int BatchSize = 16;

try
{
    var folder = args[0];
    var every = int.Parse(args[1], CultureInfo.InvariantCulture);
    var delay = int.Parse(args[2], CultureInfo.InvariantCulture);
    var resume = args.Length > 3 && args[3] == "resume";

    TorchNative.EnsureAvailable();
    set_num_threads(1);
    manual_seed(1);
    using var net = new ChildNet();
    using var optimizer = optim.Adam(net.parameters(), 0.01);
    var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 2, gamma: 0.5);
    using var trainer = new ChildTrainer(net, optimizer);
    var checkpoint = new Checkpoint(net, optimizer, trainer, scheduler);
    var checkpointPath = Path.Combine(folder, "last.ckpt");
    var position = resume ? checkpoint.Load(checkpointPath) : TrainingPosition.Start;

    var (inputs, labels) = Data();
    using var log = new StreamWriter(Path.Combine(folder, resume ? "resumed.txt" : "steps.txt"), append: true);
    for (var epoch = position.Epoch; epoch < Epochs; epoch++)
    {
        // The order of the batches comes from the epoch's number, not from torch's generator, so a run resumed in the
        // middle of an epoch knows it.
        using var epochGenerator = new Generator((ulong)(100 + epoch));
        using var order = randperm(BatchesPerEpoch, generator: epochGenerator);
        var batches = order.data<long>().ToArray();
        for (var batch = epoch == position.Epoch ? position.BatchInEpoch : 0; batch < BatchesPerEpoch; batch++)
        {
            using var scope = NewDisposeScope();
            var result = trainer.Step(inputs[batches[batch]], labels[batches[batch]]);
            log.WriteLine(Line(result));
            log.Flush();
            if (trainer.StepsTaken % every == 0) checkpoint.Save(checkpointPath, new TrainingPosition(epoch, batch + 1));
            if (delay > 0) Thread.Sleep(delay);
        }
        trainer.EndEpoch();
        scheduler.step();
    }

    File.WriteAllLines(Path.Combine(folder, "final.txt"), net.parameters().Select(p => Bits(p.data<float>().ToArray())));
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}

static (Tensor[] Inputs, Tensor[] Labels) Data()
{
    using var generator = new Generator(7);
    var inputs = new Tensor[BatchesPerEpoch];
    var labels = new Tensor[BatchesPerEpoch];
    for (var i = 0; i < BatchesPerEpoch; i++)
    {
        inputs[i] = randn([BatchSize, ChildNet.Features], generator: generator);
        labels[i] = randint(0, ChildNet.Classes, [BatchSize], generator: generator);
    }
    return (inputs, labels);
}

static string Line(ChildTrainer.StepResult result)
{
    var line = new StringBuilder(result.StepNumber.ToString(CultureInfo.InvariantCulture));
    for (var i = 0; i < ChildTrainer.StepResult.Layout.Count; i++) line.Append(' ').Append(BitConverter.DoubleToInt64Bits(result.GetValue(i)).ToString("x16", CultureInfo.InvariantCulture));
    return line.ToString();
}

static string Bits(float[] values) => string.Join(' ', values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));
