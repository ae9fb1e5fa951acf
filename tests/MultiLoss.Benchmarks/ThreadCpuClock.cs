using System;
using System.Runtime.InteropServices;

namespace MultiLoss.Benchmarks;

/// <summary>
/// The CPU time the calling thread has used (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>). With libtorch on
/// one thread, a CPU train step (forward, backward, optimizer) runs on the calling thread, so this clock counts the
/// step's work and not the time the thread waited while other processes had the cores: on a shared, loaded machine it
/// varies far less than the wall clock.
/// </summary>
public static class ThreadCpuClock
{
    private const int ThreadCpuTimeClockId = 3;

    public static double Microseconds()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The thread CPU clock is read with clock_gettime, on Linux only.");
        if (clock_gettime(ThreadCpuTimeClockId, out var time) != 0) throw new InvalidOperationException($"clock_gettime failed (errno {Marshal.GetLastPInvokeError()}).");
        return time.Seconds * 1e6 + time.Nanoseconds / 1e3;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
