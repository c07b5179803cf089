package io.vigo.swarm.streams.fleet;

/** The shas a resync (or one page of it) speaks for: [from, to), to null for no end. */
record ShaRange(String from, String to) {

    static final ShaRange ALL = new ShaRange("", null);

    boolean contains(String sha) {
        return sha.compareTo(from) >= 0 && (to == null || sha.compareTo(to) < 0);
    }
}
