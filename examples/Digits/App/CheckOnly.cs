using System;
using System.Globalization;

namespace Digits.App;

/// <summary>
/// <c>MULTILOSS_CHECK_ONLY=1</c>, which the whole toolchain honours (docs/writing-docs.md, "Commands"): an example
/// parses and checks its options exactly as usual, so a wrong option fails with its usual message and exit code, then
/// says what it would run in one line and exits before it loads data or trains. The docs' tests run every documented
/// command this way.
/// </summary>
public static class CheckOnly
{
    public const string Variable = "MULTILOSS_CHECK_ONLY";

    public static bool IsRequested => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <returns><see cref="ExitCodes.Success"/>, after one line that starts with "options OK:".</returns>
    public static int Report(ConsoleStreams io, FormattableString run)
    {
        io.Output.WriteLine("options OK: " + run.ToString(CultureInfo.InvariantCulture));
        return ExitCodes.Success;
    }
}
