using MultiLoss;
using MultiLoss.Logging;

namespace Digits.Reporting;

/// <summary>
/// The example's TensorBoard log: MultiLoss.Logging's sink with its default tags in lower case, so the tags of
/// earlier versions stay (<c>loss/classification</c>, <c>loss/reconstruction</c>, <c>loss/total</c>,
/// <c>weight/classification</c>, <c>weight/reconstruction</c>); the gated and phased strategies add
/// <c>gate/reconstruction</c> and <c>step/phase</c>.
/// </summary>
public static class DigitsTensorBoard
{
    public static TensorBoardReportSink Sink(string folder) => new(folder, Tag);

    public static string Tag(ReportValueName value) => ReportTags.Default(value).ToLowerInvariant();
}
