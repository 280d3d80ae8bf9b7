using DgBot.Core.Access;
using DgBot.Core.Queries;

namespace DgBot.Web.Access;

/// <summary>
/// Who a question is answered for. <see cref="Open"/> callers (Access:Mode=Open, or the local CLI operator) see everything;
/// otherwise <see cref="Role"/> comes from the roster, and null means an unknown user.
/// </summary>
public sealed record Caller(string? Channel, string? UserId, string? Role, UnitRef? Unit, bool Open = false)
{
    /// <summary>Anyone, when the deployment runs in Access:Mode=Open.</summary>
    public static readonly Caller Everyone = new(null, null, null, null, Open: true);

    /// <summary>An unknown user in Roster mode.</summary>
    public static readonly Caller Anonymous = new(null, null, null, null);

    /// <summary>Someone at the server's own command line, who can read the database file anyway.</summary>
    public static readonly Caller Local = new("local", Environment.UserName, Roles.Admin, null, Open: true);

    public bool Known => Role is not null;

    /// <summary>analyst, executive and admin see every unit in full (DESIGN §9).</summary>
    public bool SeesEverything => Open || Role is Roles.Analyst or Roles.Executive or Roles.Admin;
}

/// <summary>
/// The caller of the question being answered, for the kernel's access filter. Ambient (AsyncLocal) because Semantic Kernel
/// invokes functions for the model deep inside its own loop, where no argument of ours can reach; it flows with the
/// question's async work and nowhere else.
/// </summary>
public static class CallerContext
{
    private static readonly AsyncLocal<Caller?> Value = new();

    public static Caller? Current => Value.Value;

    public static IDisposable Use(Caller caller)
    {
        var previous = Value.Value;
        Value.Value = caller;
        return new Restore(previous);
    }

    private sealed class Restore(Caller? previous) : IDisposable
    {
        public void Dispose() => Value.Value = previous;
    }
}
