using System;
using System.Text;
using TorchSharp;

namespace MultiLoss.Runtime;

/// <summary>
/// Checks that TorchSharp's native libraries load, and turns a loader failure into one message that says
/// what is missing and how to fix it.
/// </summary>
public static class TorchNative
{
    private const string LibStdCxxFix =
        "TorchSharp's native library needs libstdc++ from GCC 13 or newer (symbol GLIBCXX_3.4.32). " +
        "On Debian 12, as root: echo 'deb http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/multiloss-trixie.list " +
        "&& apt-get update && apt-get install -y -t trixie libstdc++6 (or run eng/native-prereqs.sh).";

    private const string BackendFix =
        "Reference a TorchSharp backend package in the application: TorchSharp-cpu, or TorchSharp-cuda-linux / " +
        "TorchSharp-cuda-windows for CUDA (in this repository: -p:TorchBackend=cpu|cuda).";

    /// <summary>Loads libtorch, or throws <see cref="TorchUnavailableException"/> naming what is missing.</summary>
    public static void EnsureAvailable()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or NotSupportedException or BadImageFormatException)
        {
            throw new TorchUnavailableException(Explain(ex), ex);
        }
    }

    /// <summary>Builds the one-paragraph explanation for a failure to load TorchSharp's native code.</summary>
    public static string Explain(Exception failure)
    {
        var details = new StringBuilder();
        for (var e = (Exception?)failure; e is not null; e = e.InnerException)
        {
            details.Append(e.Message).Append(' ');
        }
        var text = details.ToString();

        if (text.Contains("GLIBCXX_", StringComparison.Ordinal))
        {
            return "TorchSharp could not load: the system libstdc++ is too old. " + LibStdCxxFix;
        }
        if (text.Contains("libtorch", StringComparison.OrdinalIgnoreCase) || text.Contains("LibTorchSharp", StringComparison.Ordinal))
        {
            return "TorchSharp could not load its native libraries (" + FirstLine(failure) + "). " + BackendFix + " " + LibStdCxxFix;
        }
        return "TorchSharp could not load: " + FirstLine(failure) + ". " + BackendFix;
    }

    private static string FirstLine(Exception failure)
    {
        var innermost = failure;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        var message = innermost.Message;
        var newline = message.IndexOf('\n');
        return (newline < 0 ? message : message[..newline]).Trim().TrimEnd('.');
    }
}

/// <summary>TorchSharp's native libraries cannot be loaded; the message says what is missing and how to fix it.</summary>
public sealed class TorchUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
