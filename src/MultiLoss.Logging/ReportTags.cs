namespace MultiLoss.Logging;

/// <summary>The TensorBoard tags <see cref="TensorBoardReportSink"/> uses unless it is given others.</summary>
public static class ReportTags
{
    /// <summary>
    /// <c>loss/&lt;Loss&gt;</c> and <c>loss/Total</c>, <c>metric/&lt;Metric&gt;</c>, <c>weight/&lt;Loss&gt;</c>, <c>gate/&lt;Loss&gt;</c>, and
    /// <c>step/Phase</c>, <c>step/Skipped</c>, <c>step/OptimizerStepped</c>, <c>step/FellBack</c>: each group one
    /// section in TensorBoard.
    /// </summary>
    public static string Default(ReportValueName value) => value.Kind switch
    {
        ReportValueKind.Loss or ReportValueKind.Total => "loss/" + value.Subject,
        ReportValueKind.Metric => "metric/" + value.Subject,
        ReportValueKind.Weight => "weight/" + value.Subject,
        ReportValueKind.GateOpen => "gate/" + value.Subject,
        _ => "step/" + value.Name,
    };
}
