package io.vigo.swarm.cli.render;

import io.vigo.swarm.api.TaskList;
import io.vigo.swarm.api.TaskView;
import java.util.List;
import java.util.Locale;

/** The text layouts of {@code vigocli task list|status}. */
public final class TaskViews {


    private final Terminal terminal;

    public TaskViews(Terminal terminal) {
        this.terminal = terminal;
    }

    public String list(TaskList tasks) {
        StringBuilder out = new StringBuilder("Tasks — generated ").append(terminal.seconds(tasks.generatedAt())).append("\n\n");
        Table table = new Table(List.of("ID", "VERB", "TARGET", "DISPATCHED", "ENVOYS", "PENDING", "DONE", "FAILED", "EXPIRED"));
        tasks.tasks().forEach(t -> table.row(List.of(t.taskId(), t.verb(), t.pattern(), terminal.seconds(t.dispatchedAt()),
                String.valueOf(t.targeted()), String.valueOf(t.pending()), String.valueOf(t.done()), String.valueOf(t.failed()),
                String.valueOf(t.expired()))));
        return out.append(table.render()).toString();
    }

    public String status(TaskView t) {
        StringBuilder out = new StringBuilder("Task ").append(t.taskId()).append(" — generated ").append(terminal.seconds(t.generatedAt())).append("\n\n");
        Blocks.line(out, "Verb", t.verb());
        Blocks.line(out, "Target", "\"" + t.pattern() + "\" (" + t.targeted() + " envoy(s))");
        Blocks.line(out, "Dispatched", terminal.seconds(t.dispatchedAt()) + " by " + t.operator());
        Blocks.line(out, "Pending", String.valueOf(t.pending()));
        Blocks.line(out, "Done", String.valueOf(t.done()));
        Blocks.line(out, "Failed", String.valueOf(t.failed()));
        Blocks.line(out, "Expired", String.valueOf(t.expired()));
        if (t.cancelled() > 0) {
            Blocks.line(out, "Cancelled", String.valueOf(t.cancelled()));
        }
        out.append('\n');
        Table table = new Table(List.of("HOSTNAME", "STATE", "RESULT"), 16);
        t.targets().forEach(target -> table.row(List.of(target.hostname(), target.state().toString(),
                target.output() == null ? "-" : target.output())));
        return out.append(table.render()).toString();
    }

}
