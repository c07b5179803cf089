package io.vigo.swarm.cli.render;

import io.vigo.swarm.api.ManifestEntries;
import java.time.Instant;

/**
 * What {@code swarm filecast show} prints (and {@code --json} writes): the entry as the API answers
 * it, and how many envoys held and downloaded it then.
 *
 * @param generatedAt when the live holders were read; null for an as-of answer (the entry's asOf says when)
 */
public record FilecastShown(Instant generatedAt, ManifestEntries.Entry entry, long holders, long downloaders) {
}
