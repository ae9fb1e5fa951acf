using System.IO;
using System.Linq;
using Digits.App;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Examples.Tests;

/// <summary>Each bad input: exit code 2, one line on stderr saying what is wrong and how to fix it, nothing in --out.</summary>
public sealed class CliBadInputTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private string OutFolder => folder.Combine("out");

    private AppRun RunWith(params string[] args) => AppRun.Of([.. args, "--out", OutFolder]);

    private void AssertRejected(AppRun run, params string[] messageParts)
    {
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput), run.Error + run.Output);
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.Error);
        Assert.That(run.ErrorLines[0], Does.StartWith("error: "));
        foreach (var part in messageParts) Assert.That(run.ErrorLines[0], Does.Contain(part));
        Assert.That(Directory.Exists(OutFolder), Is.False, "nothing may be written for bad input");
    }

    [Test]
    public void UnknownStrategy() =>
        AssertRejected(RunWith("--strategy", "fancy"), "unknown strategy 'fancy'", "weighted");

    [TestCase("--epochs", "0")]
    [TestCase("--epochs", "-2")]
    [TestCase("--batch-size", "0")]
    [TestCase("--batch-size", "-32")]
    public void NonPositiveCount(string option, string value) =>
        AssertRejected(RunWith(option, value), $"{option} must be a positive whole number (got '{value}')", $"for example {option} ");

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("1.5")]
    [TestCase("many")]
    public void SeedCountThatIsNotAPositiveWholeNumber(string value) =>
        AssertRejected(RunWith("--seeds", value), $"--seeds must be a positive whole number (got '{value}')", "for example --seeds 1");

    [Test]
    public void SeedsPastTheLargestSeed() =>
        AssertRejected(RunWith("--seed", "2147483646", "--seeds", "3"), "--seed 2147483646 with --seeds 3", "fewer --seeds");

    [TestCase("0")]
    [TestCase("-0.01")]
    [TestCase("NaN")]
    public void NonPositiveLearningRate(string value) =>
        AssertRejected(RunWith("--lr", value), "--lr must be a positive number (got '" + value + "')");

    [Test]
    public void NumberThatIsNotANumber() =>
        AssertRejected(RunWith("--epochs", "many"), "many", "--epochs");

    [Test]
    public void UnknownDevice() =>
        AssertRejected(RunWith("--device", "tpu"), "tpu");

    [Test]
    public void UnknownOption() =>
        AssertRejected(RunWith("--epoch", "3"), "--epoch");

    [Test]
    public void CudaWithoutCuda()
    {
        if (torch.cuda.is_available())
        {
            // On a GPU machine --device cuda is valid; the rejection itself is covered by DeviceSelectionTests.
            Assert.That(DeviceSelection.Resolve(DeviceChoice.Cuda, cudaAvailable: true), Is.EqualTo(DeviceType.CUDA));
            return;
        }

        AssertRejected(RunWith("--device", "cuda"), "CUDA is not available", "--device cpu");
    }

    [Test]
    public void MissingDataFile() =>
        AssertRejected(RunWith("--data", folder.Combine("missing.csv.gz")), "missing.csv.gz", "does not exist", "pass --data");

    [Test]
    public void CorruptDataFile()
    {
        var path = folder.Combine("corrupt.csv.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);

        AssertRejected(RunWith("--data", path), "not a valid gzip file", "pass --data");
    }

    [Test]
    public void DataRowWithWrongColumnCount()
    {
        var path = DigitsFiles.WriteText(folder.Combine("wide.csv"), DigitsFiles.Row(2) + "\n" + DigitsFiles.Row(4) + ",0\n");

        AssertRejected(RunWith("--data", path), "line 2", "66 columns, expected 65", "pass --data");
    }

    [Test]
    public void OutFolderThatIsAFile()
    {
        var file = DigitsFiles.WriteText(folder.Combine("taken"), "");

        var run = AppRun.Of("--out", file);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.ErrorLines.Single(), Does.Contain("--out").And.Contain("is a file, not a folder"));
        Assert.That(File.ReadAllText(file), Is.Empty);
    }

    [Test]
    public void HelpListsEveryOptionAndSucceeds()
    {
        var run = AppRun.Of("--help");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success));
        foreach (var option in new[] { "--strategy", "--epochs", "--batch-size", "--lr", "--seed", "--seeds", "--device", "--out", "--tensorboard", "--data" })
        {
            Assert.That(run.Output, Does.Contain(option));
        }
    }
}
