using System;

namespace Digits.Data;

/// <summary>The digits data file is missing or does not hold what <see cref="DigitsCsv"/> expects.</summary>
public sealed class DigitsDataException(string message, Exception? inner = null) : Exception(message, inner);
