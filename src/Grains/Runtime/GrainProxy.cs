using System.Linq.Expressions;
using System.Reflection;

namespace Arena.Grains.Runtime;

/// <summary>
/// A grain reference: every interface call becomes a message in the target activation's mailbox.
/// Stands in for the proxies Orleans generates at build time.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, object?[], object>> Dispatchers = new();

    internal GrainRuntime Runtime { get; set; } = null!;

    internal GrainId Id { get; set; }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object) || targetMethod.Name == nameof(ToString))
            return Id.ToString();
        var dispatch = Dispatchers.GetOrAdd(targetMethod, BuildDispatcher);
        return dispatch(Runtime, Id, args ?? []);
    }

    public override string ToString() => Id.ToString();

    private static Func<GrainRuntime, GrainId, object?[], object> BuildDispatcher(MethodInfo method)
    {
        var returnType = method.ReturnType;
        Type resultType;
        if (returnType == typeof(Task)) resultType = typeof(ValueTuple);
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)) resultType = returnType.GetGenericArguments()[0];
        else throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");

        // (grain, args) => ((IFoo)grain).Method((A0)args[0], ...), compiled once per method.
        var grain = Expression.Parameter(typeof(Grain), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        var invoke = Expression.Lambda<Func<Grain, object?[], Task>>(call, grain, args).Compile();

        var callGeneric = typeof(GrainProxy).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(resultType);
        var typed = (Func<GrainRuntime, GrainId, object?[], Func<Grain, object?[], Task>, object>)
            Delegate.CreateDelegate(typeof(Func<GrainRuntime, GrainId, object?[], Func<Grain, object?[], Task>, object>), callGeneric);
        return (runtime, id, a) => typed(runtime, id, a, invoke);
    }

    private static object CallTyped<T>(GrainRuntime runtime, GrainId id, object?[] args, Func<Grain, object?[], Task> invoke)
    {
        if (typeof(T) == typeof(ValueTuple))
            return runtime.Call<ValueTuple>(id, async g => { await invoke(g, args).ConfigureAwait(false); return default; });
        return runtime.Call(id, g => (Task<T>)invoke(g, args));
    }
}
