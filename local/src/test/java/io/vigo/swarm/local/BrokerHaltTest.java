package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerHaltTest {

    @Test
    void namesAFullDiskWhenTheDataDirHasNoRoomLeft() {
        assertThat(BrokerHalt.reason(1, "Shutdown broker because all log dirs in /d/kafka have failed", Path.of("/d"), 4096))
                .isEqualTo("the disk of /d is full (4 KB free); the Kafka broker stopped (code 1): Shutdown broker because all"
                        + " log dirs in /d/kafka have failed; stopping the streams app, the registry and the broker");
    }

    @Test
    void saysOnlyWhatTheBrokerSaidWhenThereIsRoom() {
        assertThat(BrokerHalt.reason(1, null, Path.of("/d"), 10L * 1024 * 1024 * 1024))
                .isEqualTo("the Kafka broker stopped (code 1); stopping the streams app, the registry and the broker");
    }
}
