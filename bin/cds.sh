# Sourced by bin/vigo and bin/vigocli: class-data sharing (AppCDS) for faster JVM starts.
# A training run records the classes a program loads into an archive beside its jar when it
# exits; later runs map that archive instead of loading and verifying the classes again
# (measured here: vigocli 0.9 s -> 0.65 s, `bin/vigo up` restart 15 s -> 12 s). An archive older
# than the jar is recorded again; one from another JDK is detected by the JVM and not used.
CDS_QUIET="-Xlog:disable -Xlog:all=error:stderr"

# cds_ready ARCHIVE JAR: whether ARCHIVE is usable for JAR.
cds_ready() {
  [[ -f "$1" && "$1" -nt "$2" ]]
}

# cds_use ARCHIVE: the flags that map a recorded archive.
cds_use() {
  echo "-XX:SharedArchiveFile=$1 -Xshare:auto $CDS_QUIET"
}

# cds_record ARCHIVE: the flags that record one when the JVM exits.
cds_record() {
  echo "-XX:ArchiveClassesAtExit=$1 $CDS_QUIET"
}

# cds_record_static ARCHIVE LIST: the flags that dump a static archive of the classes in LIST (one
# written by -XX:DumpLoadedClassList). Unlike the archive recorded at exit, a static one in JDK 17
# also holds classes compiled for Java 5 or older, such as picocli's, which the other leaves to be
# loaded and verified from the jar on every run.
cds_record_static() {
  echo "-Xshare:dump -XX:SharedClassListFile=$2 -XX:SharedArchiveFile=$1 $CDS_QUIET"
}
