using System.Collections.Generic;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>One summary value as decoded: its tag, and its <c>simple_value</c> when it has one.</summary>
public readonly record struct ParsedValue(string Tag, float? SimpleValue);

/// <summary>
/// One <c>Event</c> as decoded by hand: <c>wall_time</c> (1), <c>step</c> (2), <c>file_version</c> (3) and the values of
/// <c>summary</c> (5); <see cref="UnknownFields"/> lists the numbers of any other field met, at any level.
/// </summary>
public sealed record ParsedEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<ParsedValue>? Summary, IReadOnlyList<string> UnknownFields);
