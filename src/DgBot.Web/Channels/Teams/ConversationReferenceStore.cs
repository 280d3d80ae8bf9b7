using Dapper;
using DgBot.Core.Storage;

namespace DgBot.Web.Channels.Teams;

/// <summary>What a proactive message (a risk alert) needs to reach a Teams user later (spec A7550: channelId and conversation.id at least).</summary>
public sealed record ConversationReference(
    string ChannelId, string ConversationId, string UserId, string? UserAadObjectId, string? UserName,
    string ServiceUrl, string? TenantId, string? BotId, string? BotName, string? ConversationType, string UpdatedAt);

/// <summary>
/// Conversation references in the state database (table teams_conversation), one row per (channel, conversation, user),
/// refreshed on every inbound activity because the serviceUrl can change.
/// </summary>
public sealed class ConversationReferenceStore(StateStore store, TimeProvider clock)
{
    private const string Columns = """
        channel_id AS ChannelId, conversation_id AS ConversationId, user_id AS UserId, user_aad_object_id AS UserAadObjectId,
        user_name AS UserName, service_url AS ServiceUrl, tenant_id AS TenantId, bot_id AS BotId, bot_name AS BotName,
        conversation_type AS ConversationType, updated_at AS UpdatedAt
        """;

    /// <summary>Records where this activity came from; returns false when the activity lacks what a reference needs.</summary>
    public bool Save(Activity activity)
    {
        if (activity.ChannelId is not { Length: > 0 } channel || activity.Conversation?.Id is not { Length: > 0 } conversation
            || activity.ServiceUrl is not { Length: > 0 } serviceUrl || activity.From?.Id is not { Length: > 0 } user)
            return false;
        using var connection = Open();
        connection.Execute("""
            INSERT INTO teams_conversation (channel_id, conversation_id, user_id, user_aad_object_id, user_name, service_url, tenant_id,
                                            bot_id, bot_name, conversation_type, updated_at)
            VALUES (@channel, @conversation, @user, @aad, @name, @serviceUrl, @tenant, @botId, @botName, @type, @now)
            ON CONFLICT (channel_id, conversation_id, user_id) DO UPDATE SET
                user_aad_object_id = COALESCE(excluded.user_aad_object_id, user_aad_object_id),
                user_name = COALESCE(excluded.user_name, user_name),
                service_url = excluded.service_url,
                tenant_id = COALESCE(excluded.tenant_id, tenant_id),
                bot_id = COALESCE(excluded.bot_id, bot_id),
                bot_name = COALESCE(excluded.bot_name, bot_name),
                conversation_type = COALESCE(excluded.conversation_type, conversation_type),
                updated_at = excluded.updated_at
            """, new
        {
            channel, conversation, user, aad = activity.From.AadObjectId, name = activity.From.Name, serviceUrl,
            tenant = TeamsJson.TenantId(activity), botId = activity.Recipient?.Id, botName = activity.Recipient?.Name,
            type = activity.Conversation.ConversationType, now = StateStore.Timestamp(clock.GetUtcNow()),
        });
        return true;
    }

    public ConversationReference? Find(string channelId, string conversationId, string userId)
    {
        using var connection = Open();
        return connection.QuerySingleOrDefault<ConversationReference>(
            $"SELECT {Columns} FROM teams_conversation WHERE channel_id = @channelId AND conversation_id = @conversationId AND user_id = @userId",
            new { channelId, conversationId, userId });
    }

    /// <summary>The freshest reference for a user in a conversation, whichever channel id (msteams, emulator) it came through.</summary>
    public ConversationReference? Latest(string conversationId, string userId)
    {
        using var connection = Open();
        return connection.QueryFirstOrDefault<ConversationReference>(
            $"SELECT {Columns} FROM teams_conversation WHERE conversation_id = @conversationId AND user_id = @userId ORDER BY updated_at DESC LIMIT 1",
            new { conversationId, userId });
    }

    /// <summary>Every conversation a user (by Entra object id) has with the bot, most recent first: where an alert goes.</summary>
    public IReadOnlyList<ConversationReference> ForUser(string aadObjectId)
    {
        using var connection = Open();
        return connection.Query<ConversationReference>(
            $"SELECT {Columns} FROM teams_conversation WHERE user_aad_object_id = @aadObjectId ORDER BY updated_at DESC",
            new { aadObjectId }).ToList();
    }

    private Microsoft.Data.Sqlite.SqliteConnection Open() => store.Open();
}
