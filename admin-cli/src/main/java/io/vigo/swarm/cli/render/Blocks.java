package io.vigo.swarm.cli.render;

/** "Label             value" lines, labels padded to 18 columns as in the reference's status block. */
final class Blocks {

    static final int LABEL_WIDTH = 18;

    private Blocks() {
    }

    static void line(StringBuilder out, String label, String value) {
        out.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length()))).append(value).append('\n');
    }
}
