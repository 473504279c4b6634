namespace Arena.Grains.Runtime;

/// <summary>Marker for grain interfaces. Every method returns <see cref="Task"/> or <see cref="Task{T}"/>.</summary>
public interface IGrain;

/// <summary>A grain addressed by a <see cref="Guid"/> (Orleans: <c>IGrainWithGuidKey</c>).</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain addressed by a string (Orleans: <c>IGrainWithStringKey</c>).</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Creates references to grains; calls through a reference run in the grain's activation.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;

    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
