using System;
using System.CommandLine;
using System.Globalization;
using ParetoToy.Experiments;
using ParetoToy.Reporting;
using ParetoToy.Trainers;

namespace ParetoToy.App;

/// <summary>The command line: its options, their defaults and checks, and how they become <see cref="ToySettings"/>.</summary>
public sealed class ToyCommand
{
    public const string DefaultOutFolder = "out/pareto-toy";

    private readonly Option<string> methods = new("--method")
    {
        HelpName = "names",
        Description = "The methods to run, comma-separated, or 'all'",
        DefaultValueFactory = _ => ToyMethods.AllName,
    };
    private readonly Option<int> steps = new("--steps")
    {
        HelpName = "n",
        Description = "Adam steps per run (the paper's 100000)",
        DefaultValueFactory = _ => ToySchedule.Paper.Steps,
    };
    private readonly Option<double> learningRate = new("--lr")
    {
        HelpName = "rate",
        Description = "Adam's learning rate (the paper's 0.001)",
        DefaultValueFactory = _ => ToySchedule.Paper.LearningRate,
    };
    private readonly Option<string> outFolder = new("--out")
    {
        HelpName = "folder",
        Description = $"Folder for {TrajectoryPlot.FileName} and {ToySummary.FileName}",
        DefaultValueFactory = _ => DefaultOutFolder,
    };

    public ToyCommand(Func<ToySettings, int> run)
    {
        methods.Validators.Add(result =>
        {
            if (!ToyMethods.TryResolve(result.GetValueOrDefault<string>(), out _, out var problem)) result.AddError(problem);
        });
        steps.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0) result.AddError("--steps must be a positive whole number; for example --steps 2000");
        });
        learningRate.Validators.Add(result =>
        {
            var rate = result.GetValueOrDefault<double>();
            if (!(double.IsFinite(rate) && rate > 0)) result.AddError(string.Create(CultureInfo.InvariantCulture, $"--lr must be a positive number (got {rate}); for example --lr 0.001"));
        });

        Root = new RootCommand("Reproduces the two-objective toy problem of the CAGrad paper: each method optimises a point from three starting points, and the app reports which runs reach the Pareto set.")
        {
            methods, steps, learningRate, outFolder,
        };
        Root.SetAction(parsed =>
        {
            ToyMethods.TryResolve(parsed.GetRequiredValue(methods), out var chosen, out _);
            return run(new ToySettings(chosen, new ToySchedule(parsed.GetValue(steps), parsed.GetValue(learningRate)), parsed.GetRequiredValue(outFolder)));
        });
    }

    public RootCommand Root { get; }
}
