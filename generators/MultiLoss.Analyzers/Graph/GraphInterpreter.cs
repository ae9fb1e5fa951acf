using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using MultiLoss.Analyzers.Torch;

namespace MultiLoss.Analyzers.Graph;

/// <summary>A backward through a graph that an earlier backward freed.</summary>
internal sealed record GraphConflict(IInvocationOperation Earlier, IInvocationOperation Later);

/// <summary>
/// Follows tensors through one method body (or lambda, or local function), statement by statement: which graph each
/// local holds, which graphs a backward without retain_graph frees, and which later backward goes through one of them.
/// Branches are followed separately and joined; a loop body is followed twice, so that what one iteration leaves
/// behind meets the next; a nested lambda or local function is a body of its own and is not entered. Whatever the
/// analysis cannot see (fields, tensors handed in, helpers that get no module) holds no graph, so it is never the
/// reason for a report.
/// </summary>
internal sealed class GraphInterpreter
{
    /// <summary>Beyond this nesting, a loop body is followed once: a deeper loop would double the work again.</summary>
    private const int MaxLoopDepthFollowedTwice = 3;

    private readonly TorchSymbols torch;
    private readonly List<GraphConflict> conflicts = new();
    private readonly List<IInvocationOperation> hostReadsOfGraphs = new();
    private readonly Stack<LoopExits> loops = new();
    private GraphState state = new();
    private int nextRoot;

    private GraphInterpreter(TorchSymbols torch) => this.torch = torch;

    /// <summary>Runs the analysis over <paramref name="body"/>.</summary>
    public static GraphInterpreter Run(TorchSymbols torch, IOperation body)
    {
        var interpreter = new GraphInterpreter(torch);
        interpreter.Execute(body);
        return interpreter;
    }

    /// <summary>Each pair of backwards where the later one goes through what the earlier one freed, once per pair.</summary>
    public IReadOnlyList<GraphConflict> Conflicts => conflicts;

    /// <summary>The host reads (<c>item</c>, <c>ToSingle</c>, ...) of a tensor that hangs from a graph: a loss, not data.</summary>
    public IReadOnlyList<IInvocationOperation> HostReadsOfGraphs => hostReadsOfGraphs;

    private void Execute(IOperation? operation)
    {
        if (operation is null || !state.Reachable) return;
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var statement in block.Operations) Execute(statement);
                break;
            case IMethodBodyOperation body:
                Execute((IOperation?)body.BlockBody ?? body.ExpressionBody);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations) Declare(declaration);
                break;
            case IUsingDeclarationOperation usingDeclaration:
                Execute(usingDeclaration.DeclarationGroup);
                break;
            case IExpressionStatementOperation statement:
                Evaluate(statement.Operation);
                break;
            case IConditionalOperation conditional:
                Branch(conditional);
                break;
            case ILoopOperation loop:
                Loop(loop);
                break;
            case ISwitchOperation @switch:
                Switch(@switch);
                break;
            case ITryOperation @try:
                Try(@try);
                break;
            case IUsingOperation @using:
                Execute(@using.Resources);
                Execute(@using.Body);
                break;
            case ILockOperation @lock:
                Evaluate(@lock.LockedValue);
                Execute(@lock.Body);
                break;
            case IReturnOperation @return:
                Evaluate(@return.ReturnedValue);
                state.MarkUnreachable();
                break;
            case IBranchOperation branch:
                Jump(branch);
                break;
            case ILabeledOperation labeled:
                Execute(labeled.Operation);
                break;
            case ILocalFunctionOperation:
            case IEmptyOperation:
                break;
            default:
                Evaluate(operation);
                break;
        }
    }

    private void Declare(IVariableDeclarationOperation declaration)
    {
        foreach (var declarator in declaration.Declarators)
        {
            var initializer = declarator.Initializer ?? (declaration.Declarators.Length == 1 ? declaration.Initializer : null);
            if (initializer is not null) state.Set(declarator.Symbol, Evaluate(initializer.Value));
        }
    }

    /// <summary>An if statement or a conditional expression: both sides from the state after the condition, then joined.</summary>
    private GraphValue Branch(IConditionalOperation conditional)
    {
        Evaluate(conditional.Condition);
        var before = state;
        state = before.Clone();
        var whenTrue = Run(conditional.WhenTrue);
        var afterTrue = state;
        state = before.Clone();
        var whenFalse = conditional.WhenFalse is null ? GraphValue.None : Run(conditional.WhenFalse);
        state = GraphState.Merge([afterTrue, state]);
        return whenTrue.Union(whenFalse);
    }

    /// <summary>A statement or an expression, whichever <paramref name="operation"/> is.</summary>
    private GraphValue Run(IOperation operation)
    {
        if (operation.Type is null || operation is IBlockOperation)
        {
            Execute(operation);
            return GraphValue.None;
        }
        return Evaluate(operation);
    }

    private void Loop(ILoopOperation loop)
    {
        if (loop is IForLoopOperation forLoop)
        {
            foreach (var before in forLoop.Before) Execute(before);
        }
        var collection = loop is IForEachLoopOperation forEach ? Evaluate(forEach.Collection) : GraphValue.None;
        var conditionFirst = loop is not IWhileLoopOperation { ConditionIsTop: false };
        if (conditionFirst) Evaluate(Condition(loop));

        var exits = new List<GraphState> { conditionFirst ? state.Clone() : new GraphState() };
        if (!conditionFirst) exits[0].MarkUnreachable();
        var passes = loops.Count < MaxLoopDepthFollowedTwice ? 2 : 1;
        for (var pass = 0; pass < passes && state.Reachable; pass++)
        {
            var frame = new LoopExits();
            loops.Push(frame);
            if (loop is IForEachLoopOperation each) AssignLoopVariable(each.LoopControlVariable, collection);
            Execute(loop.Body);
            loops.Pop();
            frame.Continues.Add(state);
            state = GraphState.Merge(frame.Continues);
            if (loop is IForLoopOperation bottom)
            {
                foreach (var step in bottom.AtLoopBottom) Execute(step);
            }
            Evaluate(Condition(loop));
            exits.Add(state.Clone());
            exits.AddRange(frame.Breaks);
        }
        state = GraphState.Merge(exits);
    }

    private static IOperation? Condition(ILoopOperation loop) => loop switch
    {
        IForLoopOperation forLoop => forLoop.Condition,
        IWhileLoopOperation whileLoop => whileLoop.Condition,
        _ => null,
    };

    private void AssignLoopVariable(IOperation variable, GraphValue collection)
    {
        switch (variable)
        {
            case IVariableDeclaratorOperation declarator:
                state.Set(declarator.Symbol, collection);
                break;
            default:
                foreach (var local in Locals(variable)) state.Set(local, collection);
                break;
        }
    }

    private void Switch(ISwitchOperation @switch)
    {
        Evaluate(@switch.Value);
        var before = state;
        var ends = new List<GraphState>();
        var hasDefault = false;
        var frame = new LoopExits();
        loops.Push(frame);
        foreach (var @case in @switch.Cases)
        {
            state = before.Clone();
            foreach (var clause in @case.Clauses)
            {
                hasDefault |= clause.CaseKind == CaseKind.Default;
                if (clause is IPatternCaseClauseOperation { Guard: { } guard }) Evaluate(guard);
            }
            foreach (var statement in @case.Body) Execute(statement);
            ends.Add(state);
        }
        loops.Pop();
        if (!hasDefault) ends.Add(before);
        // A break inside a switch leaves the switch; a continue belongs to the loop around it.
        ends.AddRange(frame.Breaks);
        if (loops.Count > 0) loops.Peek().Continues.AddRange(frame.Continues);
        state = GraphState.Merge(ends);
    }

    private void Try(ITryOperation @try)
    {
        var before = state.Clone();
        Execute(@try.Body);
        var ends = new List<GraphState> { state };
        foreach (var @catch in @try.Catches)
        {
            // A catch can start anywhere in the try block: from before it, or from its end, whichever left more behind.
            state = GraphState.Merge([before, ends[0]]);
            Evaluate(@catch.Filter);
            Execute(@catch.Handler);
            ends.Add(state);
        }
        state = GraphState.Merge(ends);
        if (@try.Finally is not null)
        {
            var reachable = state.Reachable;
            if (!reachable) state = GraphState.Merge([before, state.Clone()]);
            Execute(@try.Finally);
            if (!reachable) state.MarkUnreachable();
        }
    }

    private void Jump(IBranchOperation branch)
    {
        if (loops.Count > 0)
        {
            if (branch.BranchKind == BranchKind.Break) loops.Peek().Breaks.Add(state.Clone());
            else if (branch.BranchKind == BranchKind.Continue) loops.Peek().Continues.Add(state.Clone());
        }
        state.MarkUnreachable();
    }

    private GraphValue Evaluate(IOperation? operation)
    {
        if (operation is null || !state.Reachable) return GraphValue.None;
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return state.Get(local.Local);
            case IParameterReferenceOperation parameter:
                return state.Get(parameter.Parameter);
            case IInvocationOperation invocation:
                return Invoke(invocation);
            case ISimpleAssignmentOperation assignment:
                return Assign(assignment.Target, Evaluate(assignment.Value));
            case ICompoundAssignmentOperation compound:
                return Assign(compound.Target, Operate(Evaluate(compound.Target).Union(Evaluate(compound.Value)), compound.Type));
            case ICoalesceAssignmentOperation coalesce:
                return Assign(coalesce.Target, Evaluate(coalesce.Target).Union(Evaluate(coalesce.Value)));
            case IDeconstructionAssignmentOperation deconstruction:
                var value = Evaluate(deconstruction.Value);
                foreach (var local in Locals(deconstruction.Target)) state.Set(local, value);
                return value;
            case IConditionalOperation conditional:
                return Branch(conditional);
            case IBinaryOperation binary:
                return Operate(Evaluate(binary.LeftOperand).Union(Evaluate(binary.RightOperand)), binary.Type);
            case IUnaryOperation unary:
                return Operate(Evaluate(unary.Operand), unary.Type);
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IFieldReferenceOperation field:
                Evaluate(field.Instance);
                return torch.IsParameters(field.Type) ? GraphValue.GradLeaf : GraphValue.None;
            case IThrowOperation @throw:
                Evaluate(@throw.Exception);
                state.MarkUnreachable();
                return GraphValue.None;
            case IAnonymousFunctionOperation:
            case IDelegateCreationOperation:
            case ILocalFunctionOperation:
            case ILiteralOperation:
            case IInstanceReferenceOperation:
            case ITypeOfOperation:
            case INameOfOperation:
                return GraphValue.None;
            case IIsPatternOperation isPattern:
                Evaluate(isPattern.Value);
                return GraphValue.None;
            default:
                // Creations, initializers, tuples, element access, await, ...: whatever their parts hang from.
                var union = GraphValue.None;
                foreach (var child in operation.ChildOperations) union = union.Union(Evaluate(child));
                return IsScalar(operation.Type) ? GraphValue.None : union;
        }
    }

    private GraphValue Assign(IOperation target, GraphValue value)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                state.Set(local.Local, value);
                break;
            case IParameterReferenceOperation parameter:
                state.Set(parameter.Parameter, value);
                break;
            case IDeclarationExpressionOperation or ITupleOperation:
                foreach (var local in Locals(target)) state.Set(local, value);
                break;
            default:
                foreach (var child in target.ChildOperations) Evaluate(child);
                break;
        }
        return value;
    }

    /// <summary>The result of an operator or a TorchSharp operation on <paramref name="inputs"/>.</summary>
    private GraphValue Operate(GraphValue inputs, ITypeSymbol? resultType)
    {
        if (IsScalar(resultType)) return GraphValue.None;
        if (!inputs.HasGraph && inputs.RequiresGrad) return GraphValue.Root(nextRoot++);
        return inputs.Computed();
    }

    private GraphValue Property(IPropertyReferenceOperation property)
    {
        var instance = Evaluate(property.Instance);
        foreach (var argument in property.Arguments) Evaluate(argument.Value);
        if (torch.IsGrad(property.Property)) return GraphValue.None;
        if (torch.IsParameters(property.Type)) return GraphValue.GradLeaf;
        // An indexer or a view of a tensor (t[0], t.T) is computed from it; anything else is not followed.
        return torch.IsTensor(property.Instance?.Type) && torch.IsTensor(property.Type) ? Operate(instance, property.Type) : GraphValue.None;
    }

    private GraphValue Invoke(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiver = Input(invocation.Instance);
        var inputs = receiver;
        var handsOverModule = HandsOverWeights(invocation.Instance?.Type);
        foreach (var argument in invocation.Arguments)
        {
            inputs = inputs.Union(Input(argument.Value));
            handsOverModule |= HandsOverWeights(argument.Value.Type);
        }

        if (torch.IsBackward(method))
        {
            Backward(invocation, receiver);
            return GraphValue.None;
        }
        if (torch.IsHostRead(method))
        {
            if (inputs.HasGraph && !hostReadsOfGraphs.Contains(invocation)) hostReadsOfGraphs.Add(invocation);
            return GraphValue.None;
        }
        if (torch.IsDetach(method) || method.ReturnsVoid || IsScalar(method.ReturnType) || IsModuleOrOptimizer(method.ReturnType)) return GraphValue.None;
        if (torch.IsRequiresGrad(method) || torch.IsParameters(method.ReturnType) || CreatesLeafWithGrad(invocation)) return GraphValue.GradLeaf;

        // A module's forward (or a helper handed a module) computes with the module's parameters: a graph of its own,
        // joined to the graphs of its inputs.
        if (handsOverModule && !inputs.HasGraph && (torch.IsModule(method.ContainingType) || !torch.IsFromTorchSharp(method)))
        {
            return GraphValue.Root(nextRoot++);
        }
        return torch.IsFromTorchSharp(method) || inputs.HasGraph ? Operate(inputs, method.ReturnType) : GraphValue.None;
    }

    /// <summary>
    /// An operand of a call. A module or an optimizer is not followed as a value: what matters is that it is handed
    /// over, and a forward is a new graph each time however the module was obtained.
    /// </summary>
    private GraphValue Input(IOperation? operand)
    {
        var value = Evaluate(operand);
        return IsModuleOrOptimizer(operand?.Type) ? GraphValue.None : value;
    }

    /// <summary>A module, or a MultiLoss method, whose own weights a call computes with.</summary>
    private bool HandsOverWeights(ITypeSymbol? type) => torch.IsModule(type) || torch.IsTrainingMethod(type);

    private bool IsModuleOrOptimizer(ITypeSymbol? type) => torch.IsModule(type) || torch.IsOptimizer(type) || torch.IsTrainingMethod(type);

    /// <summary><c>torch.randn(3, requires_grad: true)</c> and the like.</summary>
    private bool CreatesLeafWithGrad(IInvocationOperation invocation)
    {
        if (!torch.IsFromTorchSharp(invocation.TargetMethod)) return false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "requires_grad" && argument.Value.ConstantValue is { HasValue: true, Value: true }) return true;
        }
        return false;
    }

    private void Backward(IInvocationOperation invocation, GraphValue graph)
    {
        // A backward given inputs walks only the part of the graph that leads to them, which an earlier backward
        // may well have left alone (a head's own layers): it is not checked, and it frees nothing it is known to.
        if (HasArgument(invocation, "inputs")) return;
        foreach (var freed in state.Freed)
        {
            if (!freed.Graph.SharesGraphWith(graph)) continue;
            if (!conflicts.Any(c => c.Earlier == freed.Backward && c.Later == invocation)) conflicts.Add(new GraphConflict(freed.Backward, invocation));
        }
        if (graph.HasGraph && !Retains(invocation)) state.Free(new FreedGraph(invocation, graph));
    }

    /// <summary>Whether retain_graph or create_graph is given as anything but a constant false.</summary>
    private static bool Retains(IInvocationOperation backward)
        => backward.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue
                                       && a.Parameter?.Name is "retain_graph" or "create_graph"
                                       && a.Value.ConstantValue is not { HasValue: true, Value: false });

    private static bool HasArgument(IInvocationOperation backward, string name)
        => backward.Arguments.Any(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Name == name
                                       && a.Value.ConstantValue is not { HasValue: true, Value: null });

    private static bool IsScalar(ITypeSymbol? type)
        => type is null || type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Enum;

    private static IEnumerable<ILocalSymbol> Locals(IOperation target)
    {
        foreach (var operation in target.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation local) yield return local.Local;
        }
    }

    private sealed class LoopExits
    {
        public List<GraphState> Breaks { get; } = new();

        public List<GraphState> Continues { get; } = new();
    }
}
