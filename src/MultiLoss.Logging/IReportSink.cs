using System;

namespace MultiLoss.Logging;

/// <summary>Where <see cref="TrainingReports"/> writes a step's values or a window's means.</summary>
public interface IReportSink : IDisposable
{
    /// <summary>False while the sink would write nothing (e.g. its logger's level is off): then a step's values are not even read.</summary>
    bool IsEnabled { get; }

    /// <summary>Writes the values; called only while <see cref="IsEnabled"/>. <paramref name="values"/> is reused after the call.</summary>
    void Write(ReportValues values);
}
