using System;
using System.Collections.Generic;
using System.IO;
using MultiLoss.Runtime;
using MultiLoss.Tests.Trainers;
using NUnit.Framework;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>
/// Every strategy on a three-headed net with Adam: a run saved after <see cref="BeforeStop"/> steps (model, optimizer,
/// trainer) and resumed into a fresh model, optimizer and trainer continues exactly as the run that never stopped —
/// whichever of the trainer's and the optimizer's state is loaded first.
/// </summary>
[TestFixture]
public sealed class ResumeTests
{
    private const int BeforeStop = 7;
    private const int AfterResume = 9;
    private const int StepsPerEpoch = 3;
    private const int Seed = 21;

    public enum LoadOrder
    {
        TrainerFirst,
        OptimizerFirst,
    }

    private static readonly Dictionary<string, Func<ThreeHeadNet, optim.Optimizer, IResumable>> Strategies = new()
    {
        ["weighted"] = (net, optimizer) => Resumable.Of(new ThreeHeadWeighted(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["separate"] = (net, optimizer) => Resumable.Of(new ThreeHeadSeparate(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["switch gate"] = (net, optimizer) => Resumable.Of(new ThreeHeadGateSwitch(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["add gate"] = (net, optimizer) => Resumable.Of(new ThreeHeadGateAdd(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["latched gate"] = (net, optimizer) => Resumable.Of(new ThreeHeadGateLatch(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["device gate"] = (net, optimizer) => Resumable.Of(new ThreeHeadDeviceGate(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["phases"] = (net, optimizer) => Resumable.Of(new ThreeHeadPhased(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["updates"] = (net, optimizer) => Resumable.Of(new ThreeHeadUpdates(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["controls"] = (net, optimizer) => Resumable.Of(new ThreeHeadControlled(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["uncertainty"] = (net, optimizer) => Resumable.Of(new ThreeHeadUncertainty(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["dwa"] = (net, optimizer) => Resumable.Of(new ThreeHeadDwa(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s), t => t.EndEpoch()),
        ["gradnorm"] = (net, optimizer) => Resumable.Of(new ThreeHeadGradNorm(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["pcgrad"] = (net, optimizer) => Resumable.Of(new ThreeHeadPCGrad(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["famo"] = (net, optimizer) => Resumable.Of(new ThreeHeadFamo(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["imtl-g"] = (net, optimizer) => Resumable.Of(new ThreeHeadImtlG(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["nash-mtl every third"] = (net, optimizer) => Resumable.Of(new ThreeHeadNashMtlEveryThird(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["aligned-mtl"] = (net, optimizer) => Resumable.Of(new ThreeHeadAlignedMtl(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["config"] = (net, optimizer) => Resumable.Of(new ThreeHeadConFig(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["rlw"] = (net, optimizer) => Resumable.Of(new ThreeHeadRlw(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["user method"] = (net, optimizer) => Resumable.Of(new ThreeHeadRunningMean(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["gls"] = (net, optimizer) => Resumable.Of(new ThreeHeadGls(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["stch"] = (net, optimizer) => Resumable.Of(new ThreeHeadStch(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s), t => t.EndEpoch()),
        ["imtl-l"] = (net, optimizer) => Resumable.Of(new ThreeHeadImtlL(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["log loss"] = (net, optimizer) => Resumable.Of(new ThreeHeadLogLoss(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["excessmtl"] = (net, optimizer) => Resumable.Of(new ThreeHeadExcessMtl(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["gradvac"] = (net, optimizer) => Resumable.Of(new ThreeHeadGradVac(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["moco"] = (net, optimizer) => Resumable.Of(new ThreeHeadMoCo(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["db-mtl"] = (net, optimizer) => Resumable.Of(new ThreeHeadDBMtl(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["fairgrad"] = (net, optimizer) => Resumable.Of(new ThreeHeadFairGrad(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["mgda"] = (net, optimizer) => Resumable.Of(new ThreeHeadMgda(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["upgrad"] = (net, optimizer) => Resumable.Of(new ThreeHeadUpGrad(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["dualproj"] = (net, optimizer) => Resumable.Of(new ThreeHeadDualProj(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["cagrad"] = (net, optimizer) => Resumable.Of(new ThreeHeadCaGrad(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["graddrop at a representation"] = (net, optimizer) => Resumable.Of(new ThreeHeadGradDrop(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["upgrad at a representation"] = (net, optimizer) => Resumable.Of(new ThreeHeadUpGradAtHidden(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["famo with metrics"] = (net, optimizer) => Resumable.Of(new ThreeHeadFamoMetrics(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["upgrad with metrics"] = (net, optimizer) => Resumable.Of(new ThreeHeadUpGradMetrics(net, optimizer), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
        ["open method with metrics"] = (net, optimizer) => Resumable.Of(new ThreeHeadOpenMetrics(net, optimizer, new FamoAttribute()), (t, x, y) => t.Step(x, y).Total, t => t.SaveState(), (t, s) => t.RestoreState(s)),
    };

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var name in Strategies.Keys)
        {
            yield return new TestCaseData(name, LoadOrder.TrainerFirst).SetArgDisplayNames(name, "trainer first");
            yield return new TestCaseData(name, LoadOrder.OptimizerFirst).SetArgDisplayNames(name, "optimizer first");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void A_resumed_run_continues_exactly_where_it_stopped(string strategy, LoadOrder order)
    {
        var create = Strategies[strategy];
        using var batches = new Batches(count: 5, batchSize: 32, seed: Seed + 100);

        using var uninterruptedNet = new ThreeHeadNet(Seed);
        using var uninterruptedOptimizer = optim.Adam(uninterruptedNet.parameters(), ThreeHeadRun.LearningRate);
        using var uninterrupted = create(uninterruptedNet, uninterruptedOptimizer);
        var expectedTotals = Train(uninterrupted, batches, 0, BeforeStop + AfterResume);

        var saved = new Checkpoint();
        using (var stoppedNet = new ThreeHeadNet(Seed))
        using (var stoppedOptimizer = optim.Adam(stoppedNet.parameters(), ThreeHeadRun.LearningRate))
        using (var stopped = create(stoppedNet, stoppedOptimizer))
        {
            Train(stopped, batches, 0, BeforeStop);
            saved.Save(stoppedNet, stoppedOptimizer, stopped);
        }

        using var resumedNet = new ThreeHeadNet(Seed + 1);
        using var resumedOptimizer = optim.Adam(resumedNet.parameters(), ThreeHeadRun.LearningRate);
        using var resumed = create(resumedNet, resumedOptimizer);
        saved.Load(resumedNet, resumedOptimizer, resumed, order);
        var resumedTotals = Train(resumed, batches, BeforeStop, AfterResume);

        Assert.That(resumedTotals, Is.EqualTo(expectedTotals[BeforeStop..]).Within(1e-6), "the totals of the steps after the resume");
        ParameterAssert.Equal(uninterruptedNet, resumedNet, 1e-6);
    }

    [Test]
    public void Without_the_optimizer_state_the_resumed_run_differs()
    {
        // The control: the test above would pass vacuously if Adam's state did not matter over these steps.
        var create = Strategies["switch gate"];
        using var batches = new Batches(count: 5, batchSize: 32, seed: Seed + 100);
        using var uninterruptedNet = new ThreeHeadNet(Seed);
        using var uninterruptedOptimizer = optim.Adam(uninterruptedNet.parameters(), ThreeHeadRun.LearningRate);
        using var uninterrupted = create(uninterruptedNet, uninterruptedOptimizer);
        Train(uninterrupted, batches, 0, BeforeStop + AfterResume);

        using var resumedNet = new ThreeHeadNet(Seed);
        using var firstOptimizer = optim.Adam(resumedNet.parameters(), ThreeHeadRun.LearningRate);
        using (var stopped = create(resumedNet, firstOptimizer)) Train(stopped, batches, 0, BeforeStop);
        using var freshOptimizer = optim.Adam(resumedNet.parameters(), ThreeHeadRun.LearningRate);
        using var resumed = create(resumedNet, freshOptimizer);
        Train(resumed, batches, BeforeStop, AfterResume);

        Assert.That(ParameterAssert.Changed(resumedNet, uninterruptedNet), Is.True);
    }

    private static double[] Train(IResumable trainer, Batches batches, int first, int count)
    {
        var totals = new double[count];
        for (var i = 0; i < count; i++)
        {
            using var scope = NewDisposeScope();
            var step = first + i;
            totals[i] = trainer.Step(batches.Input(step), batches.Label(step));
            if ((step + 1) % StepsPerEpoch == 0) trainer.EndEpoch();
        }
        return totals;
    }

    /// <summary>The three saved states, in memory: the model's, the optimizer's and the trainer's.</summary>
    private sealed class Checkpoint
    {
        private byte[] model = [];
        private byte[] optimizer = [];
        private byte[] trainer = [];

        public void Save(nn.Module net, optim.Optimizer optimizerToSave, IResumable trainerToSave)
        {
            model = Write(writer => net.save(writer));
            optimizer = Write(writer => ((OptimizerHelper)optimizerToSave).save_state_dict(writer));
            trainer = Write(writer => trainerToSave.SaveState().Save(writer.BaseStream));
        }

        public void Load(nn.Module net, optim.Optimizer optimizerToLoad, IResumable trainerToLoad, LoadOrder order)
        {
            net.load(new BinaryReader(new MemoryStream(model)));
            if (order == LoadOrder.TrainerFirst) trainerToLoad.RestoreState(TrainerState.Load(new MemoryStream(trainer)));
            ((OptimizerHelper)optimizerToLoad).load_state_dict(new BinaryReader(new MemoryStream(optimizer)));
            if (order == LoadOrder.OptimizerFirst) trainerToLoad.RestoreState(TrainerState.Load(new MemoryStream(trainer)));
        }

        private static byte[] Write(Action<BinaryWriter> save)
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream)) save(writer);
            return stream.ToArray();
        }
    }

    private interface IResumable : IDisposable
    {
        double Step(Tensor input, Tensor labels);

        TrainerState SaveState();

        void RestoreState(TrainerState state);

        void EndEpoch();
    }

    /// <summary>Each generated trainer has its own result type; this reads the total they all report.</summary>
    private sealed class Resumable<T>(
        T trainer,
        Func<T, Tensor, Tensor, double> step,
        Func<T, TrainerState> save,
        Action<T, TrainerState> restore,
        Action<T>? endEpoch) : IResumable
        where T : IDisposable
    {
        public double Step(Tensor input, Tensor labels) => step(trainer, input, labels);

        public TrainerState SaveState() => save(trainer);

        public void RestoreState(TrainerState state) => restore(trainer, state);

        public void EndEpoch() => endEpoch?.Invoke(trainer);

        public void Dispose() => trainer.Dispose();
    }

    private static class Resumable
    {
        public static IResumable Of<T>(
            T trainer,
            Func<T, Tensor, Tensor, double> step,
            Func<T, TrainerState> save,
            Action<T, TrainerState> restore,
            Action<T>? endEpoch = null)
            where T : IDisposable
            => new Resumable<T>(trainer, step, save, restore, endEpoch);
    }
}
