package io.vigo.swarm.streams.query;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** The application's instances as Kafka Streams knows them (their {@code application.server}), and who owns which key. */
public final class Instances {

    private final KafkaStreams streams;
    private final HostInfo self;

    public Instances(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Every other instance's API base URL. */
    public List<URI> others() {
        return streams.metadataForAllStreamsClients().stream()
                .map(m -> m.hostInfo())
                .filter(host -> !host.equals(self) && host.port() > 0)
                .distinct()
                .map(Instances::uri)
                .toList();
    }

    /** The instance actively owning {@code key}'s partition of {@code store}, if it is not this one. */
    public Optional<URI> remoteOwner(String store, String key) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.activeHost() == null || owner.activeHost().equals(self) || owner.activeHost().port() <= 0) {
            return Optional.empty();
        }
        return Optional.of(uri(owner.activeHost()));
    }

    private static URI uri(HostInfo host) {
        return URI.create("http://" + host.host() + ":" + host.port());
    }
}
