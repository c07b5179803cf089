package io.vigo.swarm.streams.topology;

import io.vigo.swarm.streams.state.StoreNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigo.swarm.events.TaskOutcome;
import io.vigo.swarm.streams.state.EnvoyTask;
import io.vigo.swarm.streams.state.Keys;
import io.vigo.swarm.streams.state.TaskRunState;
import io.vigo.swarm.streams.state.TaskState;
import io.vigo.swarm.streams.state.TaskTarget;
import io.vigo.swarm.api.Etags;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskTopologyTest {

    private static final String TASK = "cleanup-0001";
    private static final String LINE = "swarm cleanup: dangling_symlinks=1 stale_partials=0 errors=0";

    private final SwarmDriver swarm = new SwarmDriver();

    @AfterEach
    void close() {
        swarm.close();
    }

    private static int[] counts(TaskState task) {
        return new int[] {task.getPending(), task.getDone(), task.getFailed(), task.getExpired(), task.getCancelled()};
    }

    @Test
    void eachTargetReportsOnceAndTheTaskCountsFollow() {
        swarm.checkIn("danlap");
        swarm.checkIn("plex");
        swarm.dispatch(TASK, Duration.ofDays(7), "danlap", "plex");
        assertThat(counts(swarm.task(TASK))).containsExactly(2, 0, 0, 0, 0);
        assertThat(swarm.task(TASK).getTargeted()).isEqualTo(2);

        swarm.taskResult("danlap", TASK, TaskOutcome.DONE, LINE);
        swarm.taskResult("danlap", TASK, TaskOutcome.FAILED, "again");
        swarm.taskResult("plex", TASK, TaskOutcome.FAILED, "swarm cleanup: dangling_symlinks=0 stale_partials=0 errors=2");

        assertThat(counts(swarm.task(TASK))).containsExactly(0, 1, 1, 0, 0);
        TaskTarget danlap = swarm.<String, TaskTarget>store(StoreNames.TASK_TARGETS).get(Keys.pair(TASK, "danlap"));
        assertThat(danlap.getState()).isEqualTo(TaskRunState.DONE);
        assertThat(danlap.getOutput()).isEqualTo(LINE);
    }

    @Test
    void aTaskNotRunWithinItsTtlExpiresForThatEnvoy() {
        swarm.checkIn("annlap");
        swarm.dispatch(TASK, Duration.ofMinutes(10), "annlap");
        swarm.advance(Duration.ofMinutes(9));
        assertThat(counts(swarm.task(TASK))).containsExactly(1, 0, 0, 0, 0);
        swarm.advance(Duration.ofMinutes(2));
        assertThat(counts(swarm.task(TASK))).containsExactly(0, 0, 0, 1, 0);
    }

    @Test
    void decommissionCancelsAnEnvoysPendingTasks() {
        swarm.checkIn("annlap");
        swarm.dispatch(TASK, Duration.ofDays(7), "annlap");
        swarm.decommission("annlap");
        assertThat(counts(swarm.task(TASK))).containsExactly(0, 0, 0, 0, 1);
        EnvoyTask task = swarm.<String, EnvoyTask>store(StoreNames.ENVOY_TASKS).get(Keys.pair("annlap", TASK));
        assertThat(task.getState()).isEqualTo(TaskRunState.CANCELLED);
    }

    @Test
    void everyChangeOfAnEnvoysPendingTasksIsMarkedForTheGateways() {
        swarm.advance(Duration.ofMillis(250)); // the task's first sweep, which marks what is pending (nothing yet)
        swarm.checkIn("danlap");
        swarm.checkIn("plex");
        assertThat(swarm.marks()).isEmpty();

        swarm.dispatch(TASK, Duration.ofHours(1), "danlap");
        assertThat(swarm.marks()).containsExactly(KeyValue.pair("danlap", Etags.of(List.of(TASK))));
        swarm.advance(Duration.ofMinutes(1));
        swarm.dispatch("cleanup-0002", Duration.ofMinutes(30), "danlap", "plex");
        assertThat(swarm.marks()).as("in the order the agent is answered: dispatched first, first").containsExactly(
                KeyValue.pair("danlap", Etags.of(List.of(TASK, "cleanup-0002"))), KeyValue.pair("plex", Etags.of(List.of("cleanup-0002"))));

        swarm.taskResult("danlap", TASK, TaskOutcome.DONE, LINE);
        swarm.taskResult("danlap", TASK, TaskOutcome.DONE, LINE);
        assertThat(swarm.marks()).as("a repeated result changes nothing pending").containsExactly(
                KeyValue.pair("danlap", Etags.of(List.of("cleanup-0002"))));

        swarm.decommission("plex");
        assertThat(swarm.marks()).as("nothing pending: a tombstone").containsExactly(KeyValue.pair("plex", null));
        swarm.advance(Duration.ofMinutes(31));
        assertThat(swarm.marks()).as("the last pending task expired").containsExactly(KeyValue.pair("danlap", null));
    }

    @Test
    void aTasksFirstSweepMarksEveryHostWithTasksPendingAgain() {
        swarm.dispatch(TASK, Duration.ofDays(7), "danlap", "plex");
        swarm.dispatch("cleanup-0002", Duration.ofDays(7), "plex");
        swarm.taskResult("plex", TASK, TaskOutcome.DONE, LINE);
        swarm.marks();

        swarm.advance(Duration.ofMillis(250));
        assertThat(swarm.marks()).as("a mark lost before this task started is written again").containsExactlyInAnyOrder(
                KeyValue.pair("danlap", Etags.of(List.of(TASK))), KeyValue.pair("plex", Etags.of(List.of("cleanup-0002"))));
        swarm.advance(Duration.ofMillis(250));
        assertThat(swarm.marks()).as("only the first sweep").isEmpty();
    }

    @Test
    void aRepeatedAssignmentOrDispatchChangesNothing() {
        swarm.checkIn("danlap");
        swarm.dispatch(TASK, Duration.ofDays(7), "danlap");
        swarm.dispatch(TASK, Duration.ofDays(7), "danlap");
        assertThat(counts(swarm.task(TASK))).containsExactly(1, 0, 0, 0, 0);
    }

    @Test
    void aMalformedTaskIdGoesToTheDeadLetterTopic() {
        swarm.checkIn("danlap");
        swarm.dispatch("BAD ID", Duration.ofDays(1), "danlap");
        var dead = swarm.deadLetters();
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                .contains("task id");
    }
}
