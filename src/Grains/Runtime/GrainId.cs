namespace Arena.Grains.Runtime;

/// <summary>Identity of a grain: its interface and its key, as text.</summary>
public readonly record struct GrainId(Type Interface, string Key)
{
    public override string ToString() => $"{Interface.Name}/{Key}";
}
