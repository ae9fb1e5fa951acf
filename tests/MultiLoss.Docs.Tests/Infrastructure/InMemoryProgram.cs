using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;

namespace MultiLoss.Docs.Tests.Infrastructure;

/// <summary>
/// Runs a compiled program in this process: its assembly is loaded from memory into the default load context, so it
/// shares this process's TorchSharp and MultiLoss runtime; what it writes to the console is captured.
/// </summary>
internal static class InMemoryProgram
{
    private static readonly Lock ConsoleLock = new();

    /// <returns>What the program wrote to standard output.</returns>
    public static string Run(GeneratedCompilation program)
    {
        using var image = new MemoryStream();
        var emitted = program.Compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("emit failed:\n" + string.Join("\n", emitted.Diagnostics.Select(d => d.ToString())));
        }
        var assembly = Assembly.Load(image.ToArray());
        var entryPoint = assembly.EntryPoint ?? throw new InvalidOperationException("the program has no entry point");
        lock (ConsoleLock)
        {
            var console = Console.Out;
            var output = new StringWriter();
            Console.SetOut(output);
            try
            {
                var arguments = entryPoint.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() };
                entryPoint.Invoke(null, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new InvalidOperationException($"the program threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}\nit printed:\n{output}", ex.InnerException);
            }
            finally
            {
                Console.SetOut(console);
            }
            return output.ToString();
        }
    }
}
