package io.vigo.swarm.cli.task;

import io.vigo.swarm.api.ApiException;
import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.api.TaskView;
import io.vigo.swarm.cli.command.CommandTree;
import io.vigo.swarm.cli.command.FailureException;
import io.vigo.swarm.cli.render.TaskViews;
import io.vigo.swarm.cli.swarm.ViewCommand;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigocli task}: dispatched tasks and their per-envoy results. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Dispatched tasks and their per-envoy results.")
public final class TaskCommand implements Runnable {

    public static final CommandTree TREE = CommandTree.group("task", TaskCommand.class,
            CommandTree.leaf("list", ListTasks.class),
            CommandTree.leaf("status", Status.class));

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list or status");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The most recent tasks (50), newest first.")
    static final class ListTasks extends ViewCommand {
        @Override
        public Integer call() {
            TaskList tasks = api.client().tasks();
            return print(tasks, () -> new TaskViews(terminal).list(tasks));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "One task: counts by state and every envoy's result.")
    static final class Status extends ViewCommand {
        @Parameters(index = "0", paramLabel = "TASK-ID")
        String taskId;

        @Option(names = "--wait", description = "Wait until no envoy is pending any more")
        boolean await;

        @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION", description = "How long --wait waits, e.g. 90s, 10m (default: ${DEFAULT-VALUE})")
        String timeout;

        @Override
        public Integer call() throws InterruptedException {
            Duration limit = duration(timeout);
            TaskView task = fetch();
            Instant deadline = Instant.now().plus(limit);
            while (await && (task.pending() > 0 || task.targets().size() < task.targeted())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new FailureException(task.pending() + " envoy(s) still pending after " + timeout + "; see `vigocli task status " + taskId + "`");
                }
                Thread.sleep(500);
                task = fetch();
            }
            TaskView last = task;
            return print(last, () -> new TaskViews(terminal).status(last));
        }

        private TaskView fetch() {
            try {
                return api.client().task(taskId);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    throw new FailureException("no task with id " + taskId + " (see `vigocli task list`)");
                }
                throw e;
            }
        }

        static Duration duration(String text) {
            return io.vigo.swarm.cli.command.Flags.duration("--timeout", text, Duration.ofSeconds(1), Duration.ofHours(24));
        }
    }
}
