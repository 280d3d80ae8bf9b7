using DgBot.Core.Access;
using DgBot.Core.Alerts;
using DgBot.Core.Queries;
using DgBot.Web.Chat;
using Microsoft.Extensions.Options;

namespace DgBot.Web.Access;

/// <summary>Turns whoever a channel says is asking into a <see cref="Caller"/>, from the roster (DESIGN §9).</summary>
public sealed class AccessControl(IOptions<AccessOptions> options, Roster roster, AttemptLimiter attempts, UnitResolver units)
{
    public AccessMode Mode => options.Value.Mode;

    public Roster Roster => roster;

    /// <summary>Registration codes are redeemed through it, so guessing them is limited.</summary>
    public AttemptLimiter Attempts => attempts;

    public Caller Resolve(AskRequest request)
    {
        // Set only by in-process callers (the CLI); never read from a request body.
        if (request.Caller is { } given) return given;
        if (Mode == AccessMode.Open) return Caller.Everyone;
        (string? Channel, string UserId) key = request.From is { } from ? KeyOf(from) : request.WebLogin is { Length: > 0 } login ? (RosterChannels.Web, login) : default;
        if (key.Channel is null) return Caller.Anonymous;
        return roster.Find(key.Channel, key.UserId) is { } entry ? ToCaller(entry) : Caller.Anonymous with { Channel = key.Channel, UserId = key.UserId };
    }

    public Caller ToCaller(RosterEntry entry) =>
        new(entry.Channel, entry.UserId, entry.Role, entry.UnitId is { } id ? units.Resolve(id).Unit ?? new UnitRef(id, id, "") : null);

    /// <summary>
    /// The roster key of a channel user: Teams' aadObjectId (stable across chats and apps, unlike from.id) and LINE's userId.
    /// Null when the channel did not say, and then nobody is registered or recognised.
    /// </summary>
    public static (string? Channel, string UserId) KeyOf(ChannelAddress from) => from.Channel switch
    {
        AlertChannels.Teams when from.AadObjectId is { Length: > 0 } aad => (RosterChannels.Teams, aad),
        AlertChannels.Line when from.UserId is { Length: > 0 } user => (RosterChannels.Line, user),
        _ => default,
    };

    /// <summary>DESIGN §9: executives (and admins) may subscribe to alerts; in Open mode everyone may.</summary>
    public static bool MaySubscribe(Caller caller) => caller.Open || caller.Role is Roles.Executive or Roles.Admin;
}
