namespace MultiFashion.Data;

/// <summary>The names of Fashion-MNIST's ten classes, by label.</summary>
public static class FashionClasses
{
    public static string NameOf(int label) => Names[label];

    private static readonly string[] Names =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
}
