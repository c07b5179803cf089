package io.vigo.swarm.envoy.gateway;

import io.vigo.swarm.api.PendingTasks;
import io.vigo.swarm.envoy.tasks.RevokedInbox;
import io.vigo.swarm.envoy.tasks.TaskInbox;
import java.io.IOException;
import java.util.List;

/**
 * The envoy's pending tasks and the revoked shas, from the gateway with conditional requests: the
 * last answers and their ETags are kept, so a poll that finds nothing new costs a 304.
 */
public final class GatewayInbox implements TaskInbox, RevokedInbox {

    private final GatewayClient gateway;
    private final EnvoyCredentials credentials;
    private GatewayClient.Tagged<PendingTasks> tasks;
    private GatewayClient.Tagged<io.vigo.swarm.api.RevokedShas> revoked;

    public GatewayInbox(GatewayClient gateway, EnvoyCredentials credentials) {
        this.gateway = gateway;
        this.credentials = credentials;
    }

    @Override
    public synchronized List<PendingTasks.Task> pending(String hostname) {
        try {
            GatewayClient.Tagged<PendingTasks> fresh = gateway.pendingTasks(credentials.key(), tasks == null ? null : tasks.etag());
            if (fresh.value() != null) {
                tasks = fresh;
            }
            return tasks == null ? List.of() : tasks.value().tasks();
        } catch (GatewayClient.GatewayException | IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<String> revokedShas() {
        try {
            GatewayClient.Tagged<io.vigo.swarm.api.RevokedShas> fresh = gateway.revokedShas(credentials.key(), revoked == null ? null : revoked.etag());
            if (fresh.value() != null) {
                revoked = fresh;
            }
            return revoked == null ? List.of() : revoked.value().shas();
        } catch (GatewayClient.GatewayException | IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
