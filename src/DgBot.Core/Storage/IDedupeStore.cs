namespace DgBot.Core.Storage;

/// <summary>
/// Remembers which channel events (a LINE webhookEventId, a Teams activity) were already taken in, for a while, in the state
/// database, so a delivery seen before a restart, or by another instance sharing the store, is still a duplicate. Kept this
/// small so a PostgreSQL provider (DESIGN §10, State:Provider) implements the same three operations with the same statement.
/// </summary>
public interface IDedupeStore
{
    /// <summary>
    /// Claims the key for <paramref name="lifetime"/>: true the first time (or once an earlier claim has expired), false while an
    /// earlier claim holds. Atomic: of any number of callers racing for one key, across processes sharing the store, one wins.
    /// </summary>
    bool TryClaim(string channel, string key, TimeSpan lifetime);

    /// <summary>Gives a claim back when the event could not be taken in after all (a full queue), so its redelivery is handled.</summary>
    void Release(string channel, string key);

    /// <summary>Deletes expired claims and says how many. Claims also purge now and then, so nobody has to call this.</summary>
    int Purge();
}
