namespace MultiLoss;

/// <summary>One reported value's name, its kind, and what it is about.</summary>
/// <param name="Name">The name in <see cref="ReportLayout.Names"/>, e.g. <c>ParityGateOpen</c>.</param>
/// <param name="Kind">What the value is.</param>
/// <param name="Subject">The loss a loss, weight or gate value belongs to (<c>Parity</c>); otherwise the name itself.</param>
public readonly record struct ReportValueName(string Name, ReportValueKind Kind, string Subject)
{
    /// <summary>A value that is about itself: a loss, the total, the phase or a flag.</summary>
    public ReportValueName(string name, ReportValueKind kind) : this(name, kind, name)
    {
    }
}
