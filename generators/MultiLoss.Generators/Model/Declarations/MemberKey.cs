namespace MultiLoss.Generators.Model.Declarations;

/// <summary>A member by its type's full name and its own name, without a location, to match members across pipeline branches.</summary>
internal sealed record MemberKey(string Type, string Member);
