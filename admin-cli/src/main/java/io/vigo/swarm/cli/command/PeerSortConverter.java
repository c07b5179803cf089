package io.vigo.swarm.cli.command;

import io.vigo.swarm.api.PeerSort;
import picocli.CommandLine;

/** {@code --sort KEY}: the API's own sort keys, in any case (a class, not a lambda: see {@link ExitCodes}). */
public final class PeerSortConverter implements CommandLine.ITypeConverter<PeerSort> {

    @Override
    public PeerSort convert(String value) {
        try {
            return PeerSort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
