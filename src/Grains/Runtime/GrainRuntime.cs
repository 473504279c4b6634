using Microsoft.Extensions.Hosting;

namespace Arena.Grains.Runtime;

/// <summary>
/// The silo's grain runtime: finds or creates activations, queues calls to them, collects idle
/// ones, and deactivates everything at shutdown. Inside one silo it gives the guarantees Orleans
/// gives per activation: single activation per key, one call at a time in arrival order.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider services;
    private readonly IReadOnlyDictionary<Type, Type> implementations;
    private readonly CancellationTokenSource stopping = new();
    private Task collector = Task.CompletedTask;

    public GrainRuntime(IServiceProvider services, IOptions<GrainOptions> options, GrainRegistry registry, TimeProvider clock, ILogger<GrainRuntime> logger)
    {
        this.services = services;
        implementations = registry.Implementations;
        Options = options.Value;
        Clock = clock;
        Log = new RuntimeLog(logger);
        Directory = new ActivationDirectory(this);
    }

    internal GrainOptions Options { get; }

    internal TimeProvider Clock { get; }

    internal RuntimeLog Log { get; }

    internal ActivationDirectory Directory { get; }

    internal CancellationToken Stopping => stopping.Token;

    /// <summary>Number of live activations in this silo.</summary>
    public int ActivationCount => Directory.Count;

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey => Reference<TGrain>(key.ToString("D"));

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Reference<TGrain>(key);
    }

    private TGrain Reference<TGrain>(string key)
    {
        if (!implementations.ContainsKey(typeof(TGrain)))
            throw new InvalidOperationException($"No grain implements {typeof(TGrain).Name}; register it with AddGrain.");
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        var grainProxy = (GrainProxy)(object)proxy!;
        grainProxy.Runtime = this;
        grainProxy.Id = new GrainId(typeof(TGrain), key);
        return proxy;
    }

    /// <summary>
    /// Calls the grain only if it has an activation in this silo; used for change notices, which
    /// must not activate (and load) a grain just to tell it that it is stale.
    /// </summary>
    public Task InvokeIfActive<TGrain>(Guid key, Func<TGrain, Task> call) where TGrain : IGrainWithGuidKey
    {
        var id = new GrainId(typeof(TGrain), key.ToString("D"));
        return Directory.Contains(id) ? call(GetGrain<TGrain>(key)) : Task.CompletedTask;
    }

    /// <inheritdoc cref="InvokeIfActive{TGrain}(Guid, Func{TGrain, Task})"/>
    public Task InvokeIfActive<TGrain>(string key, Func<TGrain, Task> call) where TGrain : IGrainWithStringKey
    {
        var id = new GrainId(typeof(TGrain), key);
        return Directory.Contains(id) ? call(GetGrain<TGrain>(key)) : Task.CompletedTask;
    }

    /// <summary>Closes every idle activation of <typeparamref name="TGrain"/>. One mid-call stays; its writes are still version-checked.</summary>
    public int DropActivations<TGrain>() where TGrain : IGrain
    {
        var dropped = 0;
        foreach (var activation in Directory.Snapshot())
            if (activation.Id.Interface == typeof(TGrain) && activation.TryCollect(long.MaxValue)) dropped++;
        return dropped;
    }

    internal Task<T> Call<T>(GrainId id, Func<Grain, Task<T>> call)
    {
        if (stopping.IsCancellationRequested) return Task.FromException<T>(new OperationCanceledException("The silo is shutting down."));
        var item = new WorkItem<T>(call);
        var spin = new SpinWait();
        while (true)
        {
            switch (Directory.GetOrCreate(id).TryEnqueue(item))
            {
                case EnqueueResult.Queued: return item.Task;
                case EnqueueResult.Full: return Task.FromException<T>(new GrainBusyException(id));
                default: spin.SpinOnce(); break; // closed just now: the directory already points at its successor
            }
        }
    }

    internal Grain CreateGrain(Activation activation)
    {
        var type = implementations[activation.Id.Interface];
        var grain = (Grain)ActivatorUtilities.CreateInstance(services, type);
        grain.GrainId = activation.Id;
        grain.Activation = activation;
        return grain;
    }

    /// <summary>Collects activations idle for longer than <see cref="GrainOptions.CollectionAge"/>; returns how many.</summary>
    public int CollectIdleActivations()
    {
        var cutoff = Clock.GetTimestamp() - (long)(Options.CollectionAge.TotalSeconds * Clock.TimestampFrequency);
        var collected = 0;
        foreach (var activation in Directory.Snapshot())
            if (activation.TryCollect(cutoff)) collected++;
        return collected;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        collector = Task.Run(CollectLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task CollectLoopAsync()
    {
        using var timer = new PeriodicTimer(Options.CollectionQuantum, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                var collected = CollectIdleActivations();
                if (collected > 0) Log.Collected(collected, Directory.Count);
            }
        }
        catch (OperationCanceledException) { }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (stopping.IsCancellationRequested) return;
        stopping.Cancel();
        var activations = Directory.Snapshot();
        foreach (var activation in activations) activation.Shutdown();
        await Task.WhenAll(activations.Select(a => a.Completion).Append(collector)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        stopping.Dispose();
    }
}
