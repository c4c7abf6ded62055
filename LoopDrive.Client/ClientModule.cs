using LoopDrive.Client.Http;

namespace LoopDrive.Client;

/// <summary>
/// Base of every area module (<c>client.Person</c>, <c>client.Ops</c>, …): the verbs a route
/// method needs, all sharing the client's auth, retry and error handling.
/// </summary>
public abstract class ClientModule
{
    private readonly ApiTransport _transport;

    private protected ClientModule(ApiTransport transport) => _transport = transport;

    private protected Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    private protected Task<T> PostAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    private protected Task<T> PutAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(HttpMethod.Put, path, body, cancellationToken);

    private protected Task<T> PatchAsync<T>(string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(HttpMethod.Patch, path, body, cancellationToken);

    private protected Task<T> DeleteAsync<T>(string path, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(HttpMethod.Delete, path, null, cancellationToken);
}
