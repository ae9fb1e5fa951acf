using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Loops;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Conversion;

/// <summary>
/// Recognises a hand-written training loop that a <c>[MultiLossTrainer]</c> can replace, step for step. The body must
/// read, in this order: statements that prepare data; <c>optimizer.zero_grad()</c> (or the model's); more data
/// statements; <c>var output = model.forward(input)</c>; declarations of the iteration's losses (and of a total or a
/// gate flag); the backward part; <c>optimizer.step()</c>; statements that do not use the iteration's tensors. The
/// backward part is one of the seed's strategies: a weighted sum backpropagated once, one backward per weighted loss,
/// an if on a loss read on the host below a constant (a threshold gate), or an if on the loop counter below a constant
/// (two phases). Anything else, and the loop is left alone.
/// </summary>
internal static class LoopRecognizer
{
    public static LoopPlan? Recognize(ILoopOperation loop, TorchSymbols torch)
    {
        if (loop.Body is not IBlockOperation body) return null;
        var statements = body.Operations;
        var invocations = BodyWalker.Operations(body).OfType<IInvocationOperation>().ToArray();

        var steps = invocations.Where(i => torch.IsOptimizerStep(i.TargetMethod)).ToArray();
        var zeros = invocations.Where(i => torch.IsZeroGrad(i.TargetMethod)).ToArray();
        if (steps.Length != 1 || zeros.Length != 1) return null;
        var step = steps[0];
        var stepIndex = StatementIndex(statements, step);
        var zeroIndex = StatementIndex(statements, zeros[0]);
        if (stepIndex < 0 || zeroIndex < 0 || zeroIndex > stepIndex || step.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue)) return null;
        var optimizer = step.Instance;
        if (!References.IsStable(optimizer, loop) || !torch.IsOptimizer(optimizer!.Type)) return null;

        var forwardIndex = -1;
        IInvocationOperation? forward = null;
        ILocalSymbol? output = null;
        for (var i = zeroIndex + 1; i < stepIndex && forward is null; i++)
        {
            if (IsForward(statements[i], torch, out forward, out output)) forwardIndex = i;
        }
        if (forward is null || output is null) return null;
        var model = forward.Instance!;
        if (!References.IsStable(model, loop) || !torch.ForwardsTensorToTensor(model.Type)) return null;
        if (!References.Same(zeros[0].Instance, optimizer) && !References.Same(zeros[0].Instance, model)) return null;

        var kept = new List<IOperation>();
        for (var i = 0; i < forwardIndex; i++)
        {
            if (i == zeroIndex) continue;
            if (DoesTraining(statements[i], torch)) return null;
            if (i > zeroIndex) kept.Add(statements[i]);
        }

        // The iteration's tensors and flags, declared between the forward and the backward part.
        var tensors = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
        var flags = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
        var partStart = forwardIndex + 1;
        for (; partStart < stepIndex && statements[partStart] is IVariableDeclarationGroupOperation group; partStart++)
        {
            if (!SingleDeclaration(group, out var local, out var value) || DoesTraining(value, torch)) return null;
            if (torch.IsTensor(local.Type)) tensors.Add(local, value);
            else if (local.Type.SpecialType == SpecialType.System_Boolean) flags.Add(local, value);
            else return null;
        }
        var iterationLocals = new HashSet<ILocalSymbol>(tensors.Keys.Concat(flags.Keys), SymbolEqualityComparer.Default) { output };
        for (var i = stepIndex + 1; i < statements.Length; i++)
        {
            if (DoesTraining(statements[i], torch) || Reads(statements[i], iterationLocals)) return null;
        }

        var part = statements.Skip(partStart).Take(stepIndex - partStart).ToArray();
        var context = new Context(loop, torch, tensors, flags, output, iterationLocals);
        var recognized = part.Length == 1 && part[0] is IConditionalOperation { WhenFalse: not null } choice
            ? RecognizeChoice(choice, context)
            : RecognizeBackwards(part, context);
        if (recognized is null || recognized.Losses.Count < 2 || !context.EveryLocalUsed(part)) return null;

        if (recognized.Losses.Any(l => LossNames.UsesTrainerMemberName(l.Expression))) return null;
        var inputs = new StepInputs(torch, output, iterationLocals);
        inputs.AddModelInput(forward.Arguments[0].Value);
        var losses = ImmutableArray.CreateBuilder<PlannedLoss>();
        foreach (var loss in recognized.Losses)
        {
            if (!inputs.TryDescribe(loss.Expression, out var replacements, out var parameters)) return null;
            losses.Add(loss with { Replacements = replacements, Parameters = parameters });
        }
        if (recognized.Strategy == LoopStrategy.PhasesByStepCount && BodyWalker.Operations(body).Any(o => o is IBranchOperation { BranchKind: BranchKind.Continue })) return null;

        return new LoopPlan(
            loop, body, zeroIndex, stepIndex, kept.ToImmutableArray(), model, optimizer, inputs.All,
            LossNames.Assign(losses.ToImmutable()), recognized.Strategy, recognized.Separate, recognized.Phases);
    }

    /// <summary>What the backward part says: the losses (named later), the strategy and its settings.</summary>
    private sealed record Recognized(List<PlannedLoss> Losses, LoopStrategy Strategy, bool Separate, ImmutableArray<PlannedPhase> Phases);

    private sealed record Context(
        ILoopOperation Loop, TorchSymbols Torch, Dictionary<ILocalSymbol, IOperation> Tensors, Dictionary<ILocalSymbol, IOperation> Flags,
        ILocalSymbol Output, HashSet<ILocalSymbol> IterationLocals)
    {
        /// <summary>Every tensor and flag of the iteration is read by the backward part (or by a total it reads); nothing is dropped.</summary>
        public bool EveryLocalUsed(IOperation[] part)
        {
            var read = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            var pending = new Stack<IOperation>(part);
            while (pending.Count > 0)
            {
                foreach (var reference in pending.Pop().DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                {
                    if (!read.Add(reference.Local)) continue;
                    if (Tensors.TryGetValue(reference.Local, out var value) || Flags.TryGetValue(reference.Local, out value)) pending.Push(value);
                }
            }
            return Tensors.Keys.Concat(Flags.Keys).All(read.Contains);
        }
    }

    private static Recognized? RecognizeBackwards(IOperation[] part, Context context)
    {
        if (BackwardPart.Parse(part, context.Tensors, context.Torch) is not { } backwards) return null;
        var losses = backwards.Terms.Select(t => Loss(t, context)).ToList();
        return new Recognized(losses, backwards.Separate ? LoopStrategy.SeparateBackward : LoopStrategy.WeightedSum, backwards.Separate, ImmutableArray<PlannedPhase>.Empty);
    }

    private static Recognized? RecognizeChoice(IConditionalOperation choice, Context context)
    {
        var whenTrue = BackwardPart.Parse(BackwardPart.Statements(choice.WhenTrue), context.Tensors, context.Torch);
        var whenFalse = BackwardPart.Parse(BackwardPart.Statements(choice.WhenFalse), context.Tensors, context.Torch);
        if (whenTrue is null || whenFalse is null) return null;
        if (GateCondition.TryRead(choice.Condition, context.Tensors, context.Flags, context.Torch, out var watched, out var threshold, out var single))
        {
            return whenTrue.Separate || whenFalse.Separate ? null : Gate(open: whenTrue.Terms, closed: whenFalse.Terms, watched, new PlannedGate(threshold, single, 0, Add: false), context);
        }
        if (PhaseCondition.TryRead(choice.Condition, context.Loop, out var phaseOneSteps))
        {
            return Phases(whenTrue, whenFalse, phaseOneSteps, context);
        }
        return null;
    }

    /// <summary>
    /// The losses of a threshold gate. Closed, the loop backpropagates the watched loss and the others; open, the
    /// gated loss instead of the watched one (switch) or as well (add). Every other loss must be the same in both.
    /// </summary>
    private static Recognized? Gate(
        ImmutableArray<WeightedTerm> open, ImmutableArray<WeightedTerm> closed, ILocalSymbol watched, PlannedGate gate, Context context)
    {
        var watchedTerm = closed.FirstOrDefault(t => SymbolEqualityComparer.Default.Equals(t.Local, watched));
        if (watchedTerm is null) return null;
        var onlyOpen = open.Where(o => !closed.Any(c => WeightedTerms.SameLoss(o, c))).ToArray();
        var onlyClosed = closed.Where(c => !open.Any(o => WeightedTerms.SameLoss(o, c))).ToArray();
        if (onlyOpen.Length != 1) return null;
        var add = onlyClosed.Length == 0;
        if (!add && (onlyClosed.Length != 1 || onlyClosed[0] != watchedTerm)) return null;
        foreach (var term in closed)
        {
            var same = open.FirstOrDefault(o => WeightedTerms.SameLoss(o, term));
            if (same is not null && !WeightedTerms.SameWeight(same.Weight, term.Weight)) return null;
        }

        var losses = closed.Select(t => Loss(t, context)).ToList();
        losses.Add(Loss(onlyOpen[0], context) with { Gate = gate with { WatchedIndex = closed.IndexOf(watchedTerm), Add = add } });
        return new Recognized(losses, LoopStrategy.ThresholdGate, Separate: false, ImmutableArray<PlannedPhase>.Empty);
    }

    /// <summary>Phase 1 while the counter is below the constant, phase 2 after; a loss in one phase only is limited to it.</summary>
    private static Recognized? Phases(BackwardPart first, BackwardPart second, int firstSteps, Context context)
    {
        var losses = new List<PlannedLoss>();
        foreach (var term in first.Terms)
        {
            var later = second.Terms.FirstOrDefault(t => WeightedTerms.SameLoss(t, term));
            if (later is not null && !WeightedTerms.SameWeight(later.Weight, term.Weight)) return null;
            losses.Add(Loss(term, context) with { Phases = later is null ? ImmutableArray.Create(1) : ImmutableArray<int>.Empty });
        }
        foreach (var term in second.Terms.Where(t => !first.Terms.Any(f => WeightedTerms.SameLoss(f, t))))
        {
            losses.Add(Loss(term, context) with { Phases = ImmutableArray.Create(2) });
        }
        var phases = ImmutableArray.Create(new PlannedPhase(1, firstSteps, first.Separate), new PlannedPhase(2, 0, second.Separate));
        return new Recognized(losses, LoopStrategy.PhasesByStepCount, Separate: false, phases);
    }

    /// <summary>A loss from a term: the value of the local it reads, or the expression itself; named by <see cref="LossNames"/>.</summary>
    private static PlannedLoss Loss(WeightedTerm term, Context context)
        => new(term.Local?.Name ?? "", term.Local is null ? term.Loss : context.Tensors[term.Local], term.Weight, ImmutableArray<Replacement>.Empty);

    private static bool IsForward(IOperation statement, TorchSymbols torch, out IInvocationOperation? forward, out ILocalSymbol? output)
    {
        forward = null;
        output = null;
        if (statement is not IVariableDeclarationGroupOperation group || !SingleDeclaration(group, out var local, out var value)) return false;
        if (WeightedTerms.WithoutConversions(value) is not IInvocationOperation { Instance: not null, Arguments.Length: 1 } call) return false;
        if (!torch.IsForward(call.TargetMethod) || !torch.IsTensor(local.Type)) return false;
        forward = call;
        output = local;
        return true;
    }

    private static bool SingleDeclaration(IVariableDeclarationGroupOperation group, out ILocalSymbol local, out IOperation value)
    {
        local = null!;
        value = null!;
        if (group.Declarations.Length != 1 || group.Declarations[0].Declarators.Length != 1) return false;
        var declarator = group.Declarations[0].Declarators[0];
        var initializer = declarator.Initializer ?? group.Declarations[0].Initializer;
        if (initializer is null) return false;
        local = declarator.Symbol;
        value = initializer.Value;
        return true;
    }

    /// <summary>The index of the statement that is exactly <paramref name="call"/>, or -1.</summary>
    private static int StatementIndex(ImmutableArray<IOperation> statements, IInvocationOperation call)
    {
        for (var i = 0; i < statements.Length; i++)
        {
            if (statements[i] is IExpressionStatementOperation { Operation: var operation } && operation == call) return i;
        }
        return -1;
    }

    /// <summary>A backward, a step, a zero_grad or a module's forward: what the trainer's step does, and nothing else may.</summary>
    private static bool DoesTraining(IOperation operation, TorchSymbols torch)
        => BodyWalker.Operations(operation).OfType<IInvocationOperation>().Any(i =>
            torch.IsBackward(i.TargetMethod) || torch.IsOptimizerStep(i.TargetMethod) || torch.IsZeroGrad(i.TargetMethod)
            || (torch.IsModule(i.TargetMethod.ContainingType) && torch.IsTensor(i.Type)));

    private static bool Reads(IOperation operation, HashSet<ILocalSymbol> locals)
        => operation.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(r => locals.Contains(r.Local));
}
