namespace DgBot.Web.Channels.Line;

public enum LineEventAge { Fresh, TooOld, FromTheFuture, NoTimestamp }

/// <summary>
/// Whether a LINE event is recent enough to answer, by its <c>timestamp</c>. The signature proves LINE sent a body once, not that
/// it is sending it now: a captured body verifies for ever. The dedupe keys (kept in the state database for
/// <see cref="KeyLifetime"/>) refuse a copy while they last; this bound refuses it after, so together no signed body is answered
/// twice, whatever the restarts or purges in between.
/// <para>
/// Redelivered events (<c>deliveryContext.isRedelivery</c>) are held to the same bound, not a longer one. LINE's redelivery (opt-in
/// in the console) sends an event the bot did not acknowledge again later, keeping its webhookEventId and timestamp, so it may be
/// older than a fresh event. But the flag is inside the signed body: a captured redelivered body replays as well as any other,
/// so a longer window for it would be a longer window for replays. And an answer past the bound reaches the user by push (the
/// reply token dies within about a minute), counts against the monthly push quota and arrives long after they stopped waiting.
/// Within the bound a redelivered event is answered, once, like any other; an operator who enables redelivery and expects long
/// outages raises Line:MaxEventAgeMinutes.
/// </para>
/// </summary>
public static class LineEventWindow
{
    /// <summary>How far LINE's clock may run ahead of ours before an event counts as from the future: the Bot Framework's token skew.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static LineEventAge Judge(DateTimeOffset? timestamp, DateTimeOffset now, TimeSpan maxAge) => timestamp switch
    {
        // Every LINE event carries one (webhook.yml marks it required); without it an event cannot be bounded, so it is not answered.
        null => LineEventAge.NoTimestamp,
        { } t when t - now > ClockSkew => LineEventAge.FromTheFuture,
        { } t when now - t > maxAge => LineEventAge.TooOld,
        _ => LineEventAge.Fresh,
    };

    /// <summary>
    /// How long a taken-in event's key must be remembered: until every copy of it would be refused as too old anyway. An event
    /// taken in at <c>now</c> has a timestamp of at most now + skew, so copies are refused after now + skew + maxAge; the second
    /// skew is room for the two clocks to drift apart meanwhile.
    /// </summary>
    public static TimeSpan KeyLifetime(TimeSpan maxAge) => maxAge + 2 * ClockSkew;
}
