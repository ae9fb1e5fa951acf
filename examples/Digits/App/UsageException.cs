using System;

namespace Digits.App;

/// <summary>The user asked for something that cannot run; the message says what is wrong and how to fix it, in one line.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
