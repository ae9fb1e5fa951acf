using System.Globalization;
using MultiLoss.Generators.Tests.Infrastructure;
using NUnit.Framework;

namespace MultiLoss.Generators.Tests;

/// <summary>The generated source does not depend on the culture the compiler runs under, nor on the run.</summary>
public sealed class DeterminismTests
{
    [TestCase("de-DE")]
    [TestCase("fr-FR")]
    [TestCase(Synthetic)]
    public void Output_is_the_same_under_any_culture(string cultureName)
    {
        var configuration = TrainerSources.TwoLossesWeighted;
        var invariant = GenerateUnder(CultureInfo.InvariantCulture, configuration);
        var culture = cultureName == Synthetic ? SyntheticCulture() : new CultureInfo(cultureName);
        Assert.That(0.5.ToString(culture), Is.Not.EqualTo("0.5"), "the culture must write 0.5 differently, or the test proves nothing");

        var localized = GenerateUnder(culture, configuration);

        Assert.That(localized, Is.EqualTo(invariant));
        Assert.That(localized, Does.Contain("= 0.5;"), "the weight as a C# literal");
        Assert.That(localized, Does.Not.Contain(0.5.ToString(culture)));
    }

    [Test]
    public void Two_runs_give_the_same_output()
    {
        foreach (var configuration in TrainerSources.All)
        {
            Assert.That(GenerateUnder(CultureInfo.InvariantCulture, configuration),
                Is.EqualTo(GenerateUnder(CultureInfo.InvariantCulture, configuration)), configuration.Name);
        }
    }

    private const string Synthetic = "synthetic";

    /// <summary>A culture that writes numbers unlike the invariant one, whether or not ICU cultures are installed.</summary>
    private static CultureInfo SyntheticCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = "·";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberGroupSeparator = " ";
        return culture;
    }

    private static string GenerateUnder(CultureInfo culture, TrainerSources.Configuration configuration)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return GeneratorHarness.Run(configuration.Source).SingleSource(configuration.HintName);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
