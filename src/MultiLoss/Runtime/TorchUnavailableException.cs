using System;

namespace MultiLoss.Runtime;

/// <summary>TorchSharp's native libraries cannot be loaded; the message says what is missing and how to fix it.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>An exception with a default message.</summary>
    public TorchUnavailableException()
    {
    }

    /// <summary>An exception with <paramref name="message"/>: what is missing and how to fix it.</summary>
    public TorchUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> (what is missing and how to fix it) and the loader's failure.</summary>
    public TorchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
