using System;

namespace MultiFashion.Data;

/// <summary>A Fashion-MNIST file is missing, unreadable or not what <see cref="IdxFile"/> expects; the message names the file.</summary>
public sealed class FashionDataException(string message, Exception? inner = null) : Exception(message, inner);
