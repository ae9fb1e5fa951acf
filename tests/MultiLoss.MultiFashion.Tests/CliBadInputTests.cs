using System.IO;
using Digits.App;
using MultiFashion.Data;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>Each bad input: exit code 2, one line on stderr saying what is wrong and how to fix it, nothing in --out.</summary>
public sealed class CliBadInputTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private string OutFolder => folder.Combine("out");

    /// <summary>A valid data folder of 60 training and 20 test images.</summary>
    private string Data => SyntheticIdx.WriteFolder(folder.Combine("data"), trainCount: 60, testCount: 20);

    private AppRun RunWith(params string[] args) => AppRun.Of([.. args, "--out", OutFolder]);

    private void AssertRejected(AppRun run, params string[] messageParts)
    {
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput), run.Error + run.Output);
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.Error);
        Assert.That(run.ErrorLines[0], Does.StartWith("error: "));
        foreach (var part in messageParts) Assert.That(run.ErrorLines[0], Does.Contain(part));
        Assert.That(Directory.Exists(OutFolder), Is.False, "nothing may be written for bad input");
        Assert.That(run.Output, Is.Empty, "nothing trained");
    }

    [Test]
    public void UnknownStrategy() =>
        AssertRejected(RunWith("--strategy", "fancy", "--data", Data), "unknown strategy 'fancy'", "weighted, sum, separate, gated, phased, uncertainty, dwa, gradnorm, pcgrad, all");

    [Test]
    public void ABaselineIsNotAStrategyToAskFor() =>
        AssertRejected(RunWith("--strategy", "single-left", "--data", Data), "'single-left' is a single-task baseline, which every run trains", "use one of");

    [TestCase("--epochs", "0")]
    [TestCase("--train-size", "0")]
    [TestCase("--train-size", "-100")]
    [TestCase("--batch-size", "0")]
    [TestCase("--seeds", "0")]
    [TestCase("--epochs", "1.5")]
    public void ABudgetThatIsNotAPositiveWholeNumber(string option, string value) =>
        AssertRejected(RunWith(option, value, "--data", Data), $"{option} must be a positive whole number (got '{value}')", $"for example {option} ");

    [TestCase("0")]
    [TestCase("NaN")]
    public void NonPositiveLearningRate(string value) =>
        AssertRejected(RunWith("--lr", value, "--data", Data), $"--lr must be a positive number (got '{value}')");

    [Test]
    public void UnknownDevice() => AssertRejected(RunWith("--device", "tpu", "--data", Data), "tpu");

    [Test]
    public void UnknownOption() => AssertRejected(RunWith("--epoch", "3", "--data", Data), "--epoch");

    [Test]
    public void MissingDataFolderSaysHowToInstallTheData() =>
        AssertRejected(RunWith("--data", folder.Combine("nowhere")),
            "nowhere' does not exist", "apt-get install dataset-fashion-mnist", "eng/fashion-mnist-data.sh", "pass --data");

    [Test]
    public void DataFolderThatIsAFile()
    {
        var file = folder.Combine("file");
        File.WriteAllText(file, "");

        AssertRejected(RunWith("--data", file), "is a file, not a folder", "pass --data");
    }

    [Test]
    public void DataFolderWithoutOneOfItsFiles()
    {
        var data = Data;
        File.Delete(Path.Combine(data, FashionMnistFolder.TrainImages + ".gz"));

        AssertRejected(RunWith("--data", data), "has no train-images-idx3-ubyte.gz or train-images-idx3-ubyte");
    }

    [Test]
    public void TruncatedFile()
    {
        var data = Data;
        SyntheticIdx.Write(Path.Combine(data, FashionMnistFolder.TestImages), SyntheticIdx.Images(20)[..^1], gzip: true);

        AssertRejected(RunWith("--data", data), "t10k-images-idx3-ubyte.gz' is truncated", "announces 20 images");
    }

    [Test]
    public void WrongMagicNumber()
    {
        var data = Data;
        SyntheticIdx.Write(Path.Combine(data, FashionMnistFolder.TrainLabels), SyntheticIdx.Images(60), gzip: true);

        AssertRejected(RunWith("--data", data), "train-labels-idx1-ubyte.gz' starts with the magic number 0x00000803, not 0x00000801");
    }

    [Test]
    public void MismatchedImageAndLabelCounts()
    {
        var data = Data;
        SyntheticIdx.Write(Path.Combine(data, FashionMnistFolder.TestLabels), SyntheticIdx.Labels(21), gzip: true);

        AssertRejected(RunWith("--data", data), "holds 21 labels for the 20 images");
    }

    [Test]
    public void MoreTrainingSamplesThanTrainingImages() =>
        AssertRejected(RunWith("--train-size", "61", "--data", Data), "--train-size 61 is more than the 60 training images", "--train-size 60 or less");

    [Test]
    public void SeedsPastTheLargestSeed() =>
        AssertRejected(RunWith("--seed", "2147483646", "--seeds", "3", "--data", Data), "--seed 2147483646 with --seeds 3", "fewer --seeds");

    [Test]
    public void OutFolderThatIsAFile()
    {
        var file = folder.Combine("taken");
        File.WriteAllText(file, "");

        var run = AppRun.Of("--out", file, "--data", Data);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(run.ErrorLines[0], Does.Contain("--out").And.Contain("is a file, not a folder"));
        Assert.That(File.ReadAllText(file), Is.Empty);
    }

    [Test]
    public void HelpListsEveryOptionAndSucceeds()
    {
        var run = AppRun.Of("--help");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success));
        foreach (var option in new[] { "--strategy", "--full", "--epochs", "--train-size", "--batch-size", "--lr", "--seed", "--seeds", "--device", "--out", "--data" })
        {
            Assert.That(run.Output, Does.Contain(option));
        }
    }
}
