namespace LoopDrive.Infrastructure.Sends;

/// <summary>Sends an SDK's requests to another host (a test fake) while keeping path and query: for SDKs that cannot be given a base URL.</summary>
internal sealed class BaseAddressHandler(Uri target) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
