using System;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>An event file that is not well-formed: where, and what is wrong.</summary>
public sealed class EventFormatException(string message) : Exception(message);
