package io.vigo.swarm.streams.state;

/**
 * Every state store of the topology, with its partition key. Stores keyed "host|sha" are
 * partitioned by hostname, "sha|host" by sha; totals stores are keyed by their own partition.
 */
public final class StoreNames {

    /** FleetIndex: hostname → EnvoyState. Partitioned by hostname. */
    public static final String FLEET_INDEX = "fleet-index";
    /** PeerTracker: "host|sha" → PeerHolding. Partitioned by hostname. */
    public static final String PEER_RECORDS = "peer-records";
    /** Seeds as announced: "host|sha" → HostSeed (refused ones included). Partitioned by hostname. */
    public static final String ENVOY_SEEDS = "envoy-seeds";
    /** Broken seed manifests: "host|path" → SeedProblem. Partitioned by hostname. */
    public static final String SEED_PROBLEMS = "seed-problems";
    /** Deadline index: (deadline, hostname) → hostname, walked by the offline punctuator; derived from FleetIndex (see Liveness). */
    public static final String OFFLINE_DEADLINES = "offline-deadlines";
    /** The population in each `swarm peers` order: order key → hostname (see PeerOrder). Partitioned by hostname. */
    public static final String PEER_ORDER = "peer-order";
    /** Fleet rollup of one envoy-side partition: partition → FleetTotals. */
    public static final String FLEET_TOTALS = "fleet-totals";
    /** The fleet rollup's history on one envoy-side partition: checkpoints and changes by moment (see TotalsHistory). */
    public static final String FLEET_HISTORY = "fleet-history";
    /** The seeding allowlist as this partition last received it: setting → AllowlistState. */
    public static final String ALLOWLIST = "allowlist";
    /**
     * Every envoy's history, one entry per host and moment of change: "host, 0x00, moment" →
     * HostMoment (the envoy from then on, its records that changed, its timeline's entries; see
     * HostHistory). Partitioned by hostname.
     */
    public static final String ENVOY_HISTORY = "envoy-history";
    /** How many of this partition's envoys held and downloaded each blob over time: "sha, moment" → BlobChange (see BlobHistory). */
    public static final String BLOB_HISTORY = "blob-history";
    /** The allowlist's versions on one envoy-side partition: moment → AllowlistState (see ValueHistory). */
    public static final String ALLOWLIST_HISTORY = "allowlist-history";
    /** ManifestStore: sha → ManifestEntryState. Partitioned by sha. */
    public static final String MANIFEST = "manifest";
    /** Effective seeders: "sha|host" → SeederRelation. Partitioned by sha. */
    public static final String ENTRY_SEEDERS = "entry-seeders";
    /** Retention index: (expiresAt, sha) → sha, walked by the manifest side's expiry punctuator. */
    public static final String MANIFEST_EXPIRIES = "manifest-expiries";
    /** Revokes and purges that came before their entry: sha → EarlyAdmin. Partitioned by sha. */
    public static final String EARLY_ADMIN = "manifest-early-admin";
    /** Manifest rollup of one manifest-side partition: partition → ManifestTotals. */
    public static final String MANIFEST_TOTALS = "manifest-totals";
    /** The manifest rollup's history on one manifest-side partition (see TotalsHistory). */
    public static final String MANIFEST_HISTORY = "manifest-history";
    /** Every manifest entry as it was from each change on: "sha, 0x00, moment, kind" → RecordVersion (see RecordVersions). Partitioned by sha. */
    public static final String MANIFEST_VERSIONS = "manifest-versions";

    /** An envoy's tasks: "host|taskId" → EnvoyTask. Partitioned by hostname. */
    public static final String ENVOY_TASKS = "envoy-tasks";
    /** Task TTL index: (expiresAt, "host|taskId") → "host|taskId", walked by the punctuator. */
    public static final String TASK_DEADLINES = "task-deadlines";
    /** Tasks: task id → TaskState with per-state counts. Partitioned by task id. */
    public static final String TASKS = "tasks";
    /** Targets of a task: "taskId|host" → TaskTarget. Partitioned by task id. */
    public static final String TASK_TARGETS = "task-targets";

    /**
     * Stores without a changelog, rebuilt from another store of the same partition when their task
     * starts (before it runs): each is as whole as the store it is derived from.
     */
    public static final java.util.Map<String, String> DERIVED_FROM = java.util.Map.of(PEER_ORDER, FLEET_INDEX, OFFLINE_DEADLINES, FLEET_INDEX);

    private StoreNames() {
    }
}
