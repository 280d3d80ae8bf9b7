using DgBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DgBot.Web.Channels;

public static class DedupeExtensions
{
    /// <summary>The channel dedupe keys in the state database, shared by LINE and Teams (whichever registers first).</summary>
    public static IServiceCollection AddChannelDedupe(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDedupeStore>(sp => new SqliteDedupeStore(sp.GetRequiredService<StateStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
