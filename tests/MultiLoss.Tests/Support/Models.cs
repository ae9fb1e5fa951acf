using TorchSharp;
using static TorchSharp.torch;

namespace MultiLoss.Tests;

/// <summary>Small models built twice from one seed, so a generated trainer and a hand loop start from equal weights.</summary>
internal static class Models
{
    public const int Features = 8;
    public const int Classes = 4;

    public static nn.Module<Tensor, Tensor> Mlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(
            ("fc1", nn.Linear(Features, 16)),
            ("relu", nn.ReLU()),
            ("fc2", nn.Linear(16, Classes)));
    }

    public static SharedBodyNet SharedBody(int seed)
    {
        torch.manual_seed(seed);
        return new SharedBodyNet();
    }

    public static TwoHeadNet TwoHead(int seed)
    {
        torch.manual_seed(seed);
        return new TwoHeadNet();
    }
}

/// <summary>A shared body with a classification head and a reconstruction head.</summary>
public sealed class TwoHeadNet : nn.Module<Tensor, (Tensor logits, Tensor recon)>
{
    private readonly nn.Module<Tensor, Tensor> body = nn.Sequential(nn.Linear(Models.Features, 16), nn.Tanh());
    private readonly nn.Module<Tensor, Tensor> classifier = nn.Linear(16, Models.Classes);
    private readonly nn.Module<Tensor, Tensor> decoder = nn.Linear(16, Models.Features);

    public TwoHeadNet() : base(nameof(TwoHeadNet)) => RegisterComponents();

    public override (Tensor logits, Tensor recon) forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = body.forward(input);
        return (classifier.forward(hidden).MoveToOuterDisposeScope(), decoder.forward(hidden).MoveToOuterDisposeScope());
    }
}

/// <summary>Like <see cref="TwoHeadNet"/>, with its parts public so a loss can be restricted to one of them.</summary>
public sealed class SharedBodyNet : nn.Module<Tensor, (Tensor logits, Tensor recon)>
{
    public SharedBodyNet() : base(nameof(SharedBodyNet)) => RegisterComponents();

    public nn.Module<Tensor, Tensor> Body { get; } = nn.Sequential(nn.Linear(Models.Features, 16), nn.Tanh());

    public nn.Module<Tensor, Tensor> Classifier { get; } = nn.Linear(16, Models.Classes);

    public nn.Module<Tensor, Tensor> Decoder { get; } = nn.Linear(16, Models.Features);

    public override (Tensor logits, Tensor recon) forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = Body.forward(input);
        return (Classifier.forward(hidden).MoveToOuterDisposeScope(), Decoder.forward(hidden).MoveToOuterDisposeScope());
    }
}

/// <summary>
/// A shared body with three heads (classification, parity of the class, reconstruction), its parts public so a loss
/// can be restricted to one of them: a head whose loss is off this step gets no gradient.
/// </summary>
public sealed class ThreeHeadNet : nn.Module<Tensor, (Tensor logits, Tensor parity, Tensor recon)>
{
    public ThreeHeadNet(int seed) : base(nameof(ThreeHeadNet))
    {
        torch.manual_seed(seed);
        Body = nn.Sequential(nn.Linear(Models.Features, 16), nn.Tanh());
        Classifier = nn.Linear(16, Models.Classes);
        ParityHead = nn.Linear(16, 2);
        Decoder = nn.Linear(16, Models.Features);
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Body { get; }

    public nn.Module<Tensor, Tensor> Classifier { get; }

    public nn.Module<Tensor, Tensor> ParityHead { get; }

    public nn.Module<Tensor, Tensor> Decoder { get; }

    public override (Tensor logits, Tensor parity, Tensor recon) forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = Body.forward(input);
        return (Classifier.forward(hidden).MoveToOuterDisposeScope(),
                ParityHead.forward(hidden).MoveToOuterDisposeScope(),
                Decoder.forward(hidden).MoveToOuterDisposeScope());
    }
}
