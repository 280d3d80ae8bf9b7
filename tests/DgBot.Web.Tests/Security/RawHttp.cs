using System.Net.Sockets;
using System.Text;

namespace DgBot.Web.Tests.Security;

/// <summary>
/// A request written byte for byte on a socket: HttpClient and Uri tidy "../", "%2e%2e" and backslashes away before
/// sending, which is exactly what an attacker would not do.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Head, byte[] Body)> GetAsync(Uri baseAddress, string rawTarget)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = client.GetStream();
        var request = Encoding.Latin1.GetBytes($"GET {rawTarget} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var response = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.CopyToAsync(response, timeout.Token);
        var bytes = response.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(split > 0, $"no HTTP response to GET {rawTarget}");
        var head = Encoding.Latin1.GetString(bytes, 0, split);
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, bytes[(split + 4)..]);
    }
}
