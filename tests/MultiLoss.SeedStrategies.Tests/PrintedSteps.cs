using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace MultiLoss.SeedStrategies.Tests;

/// <summary>One line a strategy printed (a StepResult's ToString): "step N: Name=value ... [RegressionGate=open|closed]", parsed.</summary>
internal sealed record PrintedStep(long Step, IReadOnlyDictionary<string, double> Values, bool? GateOpen, string Line)
{
    private static readonly Regex StepLine = new(@"^step (\d+): (.*)$");
    private static readonly Regex Pair = new(@"(\w+)=(\S+)");

    public double this[string name] =>
        Values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"'{name}' not in: {Line}");

    public int Phase => (int)this["Phase"];

    /// <summary>Runs a strategy on <paramref name="device"/> and parses every line it printed (all must parse).</summary>
    public static PrintedStep[] Run(Action<TextWriter, Device> strategy, Device device)
    {
        var output = new StringWriter();
        strategy(output, device);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse).ToArray();
    }

    public static PrintedStep Parse(string line)
    {
        var match = StepLine.Match(line);
        if (!match.Success) throw new FormatException($"Not a step line: '{line}'");
        var values = new Dictionary<string, double>();
        bool? gateOpen = null;
        foreach (Match pair in Pair.Matches(match.Groups[2].Value))
        {
            var (name, text) = (pair.Groups[1].Value, pair.Groups[2].Value);
            if (name.EndsWith("Gate", StringComparison.Ordinal)) gateOpen = text switch
            {
                "open" => true,
                "closed" => false,
                _ => throw new FormatException($"Gate state '{text}' in '{line}'"),
            };
            else values.Add(name, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return new PrintedStep(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), values, gateOpen, line);
    }
}
