namespace Digits.App;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    /// <summary>Bad input: arguments, data file or device. Nothing was written.</summary>
    public const int BadInput = 2;
}
