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
    // Debian 13 is named on apt's command line only: a file under /etc/apt/sources.list.d would make every later
    // install on the machine prefer Debian 13's packages.
    private const string LibStdCxxFix =
        "TorchSharp's native library needs libstdc++ from GCC 13 or newer (symbol GLIBCXX_3.4.32). " +
        "On Debian 12, as root, without adding Debian 13 to apt's sources: " +
        "echo 'deb <the Debian mirror your apt sources already use> trixie main' > /tmp/trixie.list && " +
        "apt-get update -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null -o APT::Get::List-Cleanup=false && " +
        "apt-get install -y --no-install-recommends -o Dir::Etc::SourceList=/tmp/trixie.list -o Dir::Etc::SourceParts=/dev/null libstdc++6/trixie " +
        "(MultiLoss's eng/native-prereqs.sh does this). Elsewhere, install libstdc++ from GCC 13 or newer.";

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
        for (var e = (Exception?)failure; e is not null; e = e.InnerException) details.Append(e.Message).Append(' ');
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

    private static string FirstLine(Exception failure) => failure.GetBaseException().Message.Split('\n')[0].Trim().TrimEnd('.');
}
