using System.IO;
using MultiFashion.Data;
using NUnit.Framework;

namespace MultiLoss.MultiFashion.Tests;

/// <summary>The four files of a Fashion-MNIST folder: found gzipped or not, and matched one to one.</summary>
public sealed class FashionMnistFolderTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    [TestCase(true)]
    [TestCase(false)]
    public void Loads_training_and_test_images(bool gzip)
    {
        SyntheticIdx.WriteFolder(folder.Path, trainCount: 30, testCount: 20, gzip);

        var (train, test) = FashionMnistFolder.Load(folder.Path);

        Assert.That((train.Count, test.Count), Is.EqualTo((30, 20)));
        Assert.That(train.LabelAt(13), Is.EqualTo(3));
        Assert.That(test.ImageAt(19).ToArray(), Is.EqualTo(SyntheticIdx.Images(20, seed: 2)[(16 + 19 * 784)..]));
    }

    [Test]
    public void A_missing_folder_is_named() =>
        Assert.That(() => FashionMnistFolder.Load(folder.Combine("nowhere")), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("nowhere' does not exist"));

    [Test]
    public void A_missing_file_is_named()
    {
        SyntheticIdx.WriteFolder(folder.Path, 30, 20);
        File.Delete(folder.Combine(FashionMnistFolder.TestLabels + ".gz"));

        Assert.That(() => FashionMnistFolder.Load(folder.Path), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("has no t10k-labels-idx1-ubyte.gz or t10k-labels-idx1-ubyte"));
    }

    [Test]
    public void Image_and_label_counts_must_match()
    {
        SyntheticIdx.WriteFolder(folder.Path, 30, 20);
        SyntheticIdx.Write(folder.Combine(FashionMnistFolder.TrainLabels), SyntheticIdx.Labels(29), gzip: true);

        Assert.That(() => FashionMnistFolder.Load(folder.Path), Throws.TypeOf<FashionDataException>()
            .With.Message.Contains("holds 29 labels for the 30 images"));
    }
}
