package io.vigo.swarm.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigo.swarm.api.Json;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --json}: every view prints the API's answer as JSON instead of its screen. A picocli mixin. */
public final class OutputOptions {

    @Option(names = "--json", description = "Print the API's answer as JSON")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }

    /** The answer as JSON with {@code --json}, else the screen {@code text} renders. */
    public String render(Object answer, Supplier<String> text) {
        if (!json) {
            return text.get();
        }
        try {
            return Json.mapper().writeValueAsString(answer) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }
}
