using System;
using MultiLoss.Methods;
using System.Globalization;
using System.Reflection;

namespace MultiLoss.Runtime;

/// <summary>
/// What a method's attribute requires of the trainer (<see cref="RequiresSharedLayerAttribute"/>,
/// <see cref="RequiresRepresentationAttribute"/>, ...) and the bounds of its hyperparameters, checked when a trainer
/// takes its method at construction: the checks the generator makes of a method named on the trainer, with the words of
/// its diagnostics.
/// </summary>
internal static class MethodRequirements
{
    /// <summary>The method's name in messages: <c>[UPGrad]</c> for <c>UPGradAttribute</c>.</summary>
    public static string DisplayName(TrainingMethodAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var name = attribute.GetType().Name;
        return "[" + (name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name) + "]";
    }

    /// <summary>Throws when the trainer of <paramref name="context"/> cannot run the method of <paramref name="attribute"/>.</summary>
    /// <param name="attribute">The method's attribute, with its hyperparameters.</param>
    /// <param name="context">The trainer: its name, shared layer and representation.</param>
    /// <param name="member">The trainer's <c>[Method]</c> member, for the exception's parameter name.</param>
    /// <exception cref="ArgumentException">The method needs what the trainer does not declare, or a hyperparameter is out of range.</exception>
    public static void Check(TrainingMethodAttribute attribute, MethodContext context, string member)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(context);
        var type = attribute.GetType();
        var name = DisplayName(attribute);
        var trainer = context.Trainer;
        if (type.IsDefined(typeof(RequiresSharedLayerAttribute), inherit: true) && context.SharedLayer is null)
        {
            throw Refused(member, "ML0046", $"The trainer '{trainer}' needs exactly one [SharedLayer] member for {name}, which works on that module's parameters");
        }
        if (context.Representation is { } representation)
        {
            var reason = attribute is not GradientAggregationMethodAttribute
                ? $"{name} is not a gradient-aggregation method, and only those work on it: choose one (e.g. [UPGrad]) or remove [AggregateAt]"
                : type.IsDefined(typeof(RequiresParameterGradientsAttribute), inherit: true)
                    ? $"{name} works only on the gradients of the shared parameters: remove [AggregateAt]"
                    : null;
            if (reason is not null) throw Refused(member, "ML0056", $"The trainer '{trainer}' declares [AggregateAt(\"{representation}\")], but {reason}");
        }
        else if (type.IsDefined(typeof(RequiresRepresentationAttribute), inherit: true))
        {
            throw Refused(member, "ML0057",
                $"The trainer '{trainer}' uses {name}, which works on the gradients of a representation: declare [AggregateAt(\"<output>\")] with the forward output the heads compute the losses from");
        }
        CheckHyperparameters(attribute, name, trainer, member);
    }

    private static void CheckHyperparameters(TrainingMethodAttribute attribute, string name, string trainer, string member)
    {
        foreach (var property in attribute.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            foreach (var bound in property.GetCustomAttributes(inherit: true))
            {
                if (Rule(bound) is not (var rule, var holds)) continue;
                var value = Convert.ToDouble(property.GetValue(attribute), CultureInfo.InvariantCulture);
                if (double.IsFinite(value) && holds(value)) continue;
                throw Refused(member, "ML0045", $"The trainer '{trainer}' uses {name} with {property.Name} = {Text(value)}; it must be a finite number {rule}");
            }
        }
    }

    /// <summary>A bound as the diagnostic writes it (e.g. <c>≥ 0</c>) and its test; null for an attribute that is no bound.</summary>
    private static (string Rule, Func<double, bool> Holds)? Rule(object bound) => bound switch
    {
        GreaterThanAttribute b => ("> " + Text(b.Bound), value => value > b.Bound),
        AtLeastAttribute b => ("≥ " + Text(b.Bound), value => value >= b.Bound),
        LessThanAttribute b => ("< " + Text(b.Bound), value => value < b.Bound),
        AtMostAttribute b => ("≤ " + Text(b.Bound), value => value <= b.Bound),
        _ => null,
    };

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ArgumentException Refused(string member, string id, string message) => new($"{id}: {message}.", member);
}
