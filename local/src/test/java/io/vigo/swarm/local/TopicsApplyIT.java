package io.vigo.swarm.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.topics.TopicCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** `bin/vigo topics apply` against a real broker: creates what is missing, never alters, reports drift. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopicsApplyIT {

    private static TempBroker broker;
    private static Admin admin;
    private static final String PREFIX = TopicCatalogue.load().prefix();

    @BeforeAll
    static void startBroker() throws IOException {
        broker = TempBroker.start("vigo-topics-it");
        admin = broker.admin();
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
    }

    @Test
    @Order(1)
    void createsEveryMissingTopicButNeverChangesAPartitionCount() throws Exception {
        // An operator created the operator topic by hand, with the wrong partition count.
        admin.createTopics(List.of(new NewTopic(PREFIX + "operator", 3, (short) 1))).all().get();

        Run run = apply();

        assertThat(run.exitCode).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("created  " + PREFIX + "checkins", "created  " + PREFIX + "deadletter");
        assertThat(run.output).contains("DRIFT    " + PREFIX + "operator: partitions expected 6, actual 3");
        assertThat(admin.describeTopics(List.of(PREFIX + "operator")).allTopicNames().get()
                .get(PREFIX + "operator").partitions()).hasSize(3);
    }

    @Test
    @Order(2)
    void aSecondApplyFindsTheCreatedTopicsUnchanged() throws Exception {
        admin.deleteTopics(List.of(PREFIX + "operator")).all().get();
        Run first = apply();
        Run second = apply();
        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(second.exitCode).as(second.output).isZero();
        assertThat(second.output).doesNotContain("created").contains("ok       " + PREFIX + "checkins");
    }

    @Test
    @Order(3)
    void anAlteredConfigIsReportedAsDriftAndLeftAlone() throws Exception {
        ConfigResource checkins = setOnCheckins("min.compaction.lag.ms", "3600000");

        Run run = apply();

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.output).contains("DRIFT    " + PREFIX + "checkins: min.compaction.lag.ms expected 691200000, actual 3600000");
        assertThat(admin.describeConfigs(List.of(checkins)).all().get().get(checkins).get("min.compaction.lag.ms").value())
                .isEqualTo("3600000");
    }

    @Test
    @Order(4)
    void alterConfigsSetsTheCataloguesValuesAndLeavesPartitionsAlone() throws Exception {
        // A cluster made by an earlier version: check-ins with a time-based retention, and a topic with too few partitions.
        ConfigResource checkins = setOnCheckins("cleanup.policy", "delete");
        admin.deleteTopics(List.of(PREFIX + "operator")).all().get();
        Await.until("the topic deleted", java.time.Duration.ofSeconds(30), () -> {
            try {
                return admin.listTopics().names().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, names -> !names.contains(PREFIX + "operator"));
        admin.createTopics(List.of(new NewTopic(PREFIX + "operator", 2, (short) 1))).all().get();

        Run run = apply("--alter-configs");

        assertThat(run.exitCode).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("altered  " + PREFIX + "checkins: cleanup.policy delete -> compact")
                .contains("altered  " + PREFIX + "checkins: min.compaction.lag.ms 3600000 -> 691200000")
                .contains("DRIFT    " + PREFIX + "operator: partitions expected");
        Map<String, String> now = new java.util.HashMap<>();
        admin.describeConfigs(List.of(checkins)).all().get().get(checkins).entries().forEach(e -> now.put(e.name(), e.value()));
        assertThat(now).containsEntry("cleanup.policy", "compact").containsEntry("min.compaction.lag.ms", "691200000");
        assertThat(apply().output).contains("ok       " + PREFIX + "checkins");
    }

    /** Sets one config of the check-ins topic behind the catalogue's back, as an operator or an earlier version would. */
    private static ConfigResource setOnCheckins(String key, String value) throws Exception {
        ConfigResource checkins = new ConfigResource(ConfigResource.Type.TOPIC, PREFIX + "checkins");
        admin.incrementalAlterConfigs(Map.of(checkins, List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
                .all().get();
        return checkins;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run apply(String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(CliRun.ROOT.resolve("bin/vigo").toString(), "topics", "apply",
                "--bootstrap-servers", broker.bootstrapServers()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
