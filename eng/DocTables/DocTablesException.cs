using System;

namespace DocTables;

/// <summary>A generated section that cannot be produced: an unknown kind, a missing run, a malformed file.</summary>
public sealed class DocTablesException(string message) : Exception(message);
