using System;
using System.IO;

namespace MultiLoss;

/// <summary>One named part of a checkpoint file (the model, the optimizer, ...) and how to write it.</summary>
internal readonly record struct CheckpointSection(string Name, Action<BinaryWriter> Write);
