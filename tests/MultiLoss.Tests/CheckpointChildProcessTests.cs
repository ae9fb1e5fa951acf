using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;

namespace MultiLoss.Tests;

/// <summary>
/// A training run (tests/MultiLoss.CheckpointChild: dynamic weight average, dropout, Adam, a StepLR, a checkpoint every
/// 3 steps) killed in the middle and resumed from its last checkpoint in a new process reports, at every step, what the
/// run that was never killed reported at that step, and ends with its parameters, bit for bit.
/// </summary>
[TestFixture]
public sealed class CheckpointChildProcessTests
{
    private const int TotalSteps = 24;
    private const int CheckpointEvery = 3;
    private const int StepsBeforeKill = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string ChildAssembly => Path.Combine(AppContext.BaseDirectory, "MultiLoss.CheckpointChild.dll");

    [Test]
    public void A_run_killed_part_way_and_resumed_in_a_new_process_ends_as_the_uninterrupted_run()
    {
        using var folder = new TempFolder();
        var uninterrupted = Directory.CreateDirectory(folder.Combine("uninterrupted")).FullName;
        var killed = Directory.CreateDirectory(folder.Combine("killed")).FullName;

        RunToEnd(uninterrupted, checkpointEvery: 1000);
        KillPartWay(killed);
        var linesBeforeKill = CompleteLines(Path.Combine(killed, "steps.txt"));
        Assert.That(File.Exists(Path.Combine(killed, "final.txt")), Is.False, "the run was killed before its end");
        RunToEnd(killed, checkpointEvery: CheckpointEvery, "resume");

        var expected = CompleteLines(Path.Combine(uninterrupted, "steps.txt")).ToDictionary(StepOf);
        var resumed = CompleteLines(Path.Combine(killed, "resumed.txt"));
        Assert.That(expected.Keys, Is.EqualTo(Enumerable.Range(1, TotalSteps)));
        var firstResumed = StepOf(resumed[0]);
        Assert.That((firstResumed - 1) % CheckpointEvery, Is.Zero, "the resumed run starts after a checkpoint's step");
        Assert.That(firstResumed - 1, Is.InRange(CheckpointEvery, linesBeforeKill.Length), "from the last checkpoint before the kill");
        Assert.That(resumed.Select(StepOf), Is.EqualTo(Enumerable.Range(firstResumed, TotalSteps - firstResumed + 1)));
        foreach (var line in linesBeforeKill.Concat(resumed))
        {
            Assert.That(line, Is.EqualTo(expected[StepOf(line)]), $"every value reported at step {StepOf(line)}");
        }
        Assert.That(File.ReadAllLines(Path.Combine(killed, "final.txt")), Is.EqualTo(File.ReadAllLines(Path.Combine(uninterrupted, "final.txt"))), "the parameters at the end");
    }

    private static void RunToEnd(string folder, int checkpointEvery, params string[] more)
    {
        using var process = Start(folder, checkpointEvery, delayMilliseconds: 0, more);
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The child run in {folder} did not end within {Timeout}.");
        }
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, () => $"The child run in {folder} failed:\n{error.Result}");
    }

    /// <summary>Starts a slowed-down run and kills it once it has taken <see cref="StepsBeforeKill"/> steps.</summary>
    private static void KillPartWay(string folder)
    {
        using var process = Start(folder, CheckpointEvery, delayMilliseconds: 50);
        var error = process.StandardError.ReadToEndAsync();
        var steps = Path.Combine(folder, "steps.txt");
        var deadline = DateTime.UtcNow + Timeout;
        while (CompleteLines(steps).Length < StepsBeforeKill)
        {
            Assert.That(process.HasExited, Is.False, () => $"The child run ended before it was killed:\n{error.Result}");
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "The child run did not reach the step to kill it at.");
            Thread.Sleep(10);
        }
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    private static Process Start(string folder, int checkpointEvery, int delayMilliseconds, params string[] more)
    {
        var start = new ProcessStartInfo(DotnetHost) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ChildAssembly, folder, Invariant(checkpointEvery), Invariant(delayMilliseconds) }.Concat(more))
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    /// <summary>The lines the child has finished writing (a killed child may leave the last one half written).</summary>
    private static string[] CompleteLines(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n');
    }

    private static int StepOf(string line) => int.Parse(line[..line.IndexOf(' ')], CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
