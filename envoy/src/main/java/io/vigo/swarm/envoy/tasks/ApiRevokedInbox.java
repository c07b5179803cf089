package io.vigo.swarm.envoy.tasks;

import io.vigo.swarm.api.RevokedShas;
import io.vigo.swarm.api.VigoApiClient;
import java.util.List;

/** Revoked shas from the HTTP API, polled with If-None-Match so an unchanged list costs a 304. */
public final class ApiRevokedInbox implements RevokedInbox {

    private final VigoApiClient api;
    private VigoApiClient.Tagged<RevokedShas> last;

    public ApiRevokedInbox(VigoApiClient api) {
        this.api = api;
    }

    @Override
    public synchronized List<String> revokedShas() {
        VigoApiClient.Tagged<RevokedShas> fresh = api.revokedShas(last == null ? null : last.etag());
        if (fresh != null) {
            last = fresh;
        }
        return last.value().shas();
    }
}
