// The usings a file that declares a trainer has; the doc's block follows them.
using MultiLoss;
using TorchSharp;
using static TorchSharp.torch;

/* the doc's block */
