using System;
using System.Runtime.InteropServices;

namespace MultiFashion.App;

/// <summary>
/// libtorch's oneDNN (MKL-DNN) kernels, which its CPU convolutions use by default: turned off for the process, so that
/// they run on ATen's own kernels (PyTorch's <c>torch.backends.mkldnn.enabled = False</c>, which TorchSharp 0.107 does
/// not expose).
/// </summary>
/// <remarks>
/// With TorchSharp-cpu 0.107 (libtorch 2.10) on the project's machines (AMD EPYC, AVX-512), oneDNN's convolution
/// backward pass now and then returns NaN for a block of the input's gradient (2,048 to 8,448 values of a batch of 32)
/// from finite inputs, weights and output gradients: at random, about one fresh network in 50, with one intra-op thread
/// too. ATen's kernels gave finite gradients in every one of 600 tries. They cost about 1.5 times as much per step of
/// the LeNet-sized network here (one thread, batch 64: 11–15 ms instead of 8–9 ms).
/// </remarks>
public static partial class OneDnn
{
    /// <summary>
    /// Turns oneDNN off for this process. False where the running libtorch has no such switch under the name this
    /// calls (its C++ symbols are those of the Itanium ABI: Linux and macOS builds): nothing then changed.
    /// </summary>
    public static bool TryDisable()
    {
        try
        {
            SetUserEnabledMkldnn(GlobalContext(), enabled: false);
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>True while oneDNN is on (libtorch's default); false once turned off, or where the switch cannot be reached.</summary>
    public static bool IsEnabled()
    {
        try
        {
            return UserEnabledMkldnn(GlobalContext());
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // at::globalContext() and two members of at::Context, by their mangled names: a member function takes the object
    // as its first argument.
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(IntPtr context);
}
