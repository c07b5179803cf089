#!/usr/bin/python3
"""How a payload spread through the fleet, computed from vigo's raw events alone.

Reads the envoy-reports topic from the beginning with Confluent's Python client (Debian:
python3-confluent-kafka), decodes the Avro values through the schema registry's
Confluent-compatible API, and follows every envoy's peer records the way the tracker does: per
envoy, only a report newer than the last one taken counts ((agentEpoch, sequence) compared in
that order), a CacheResync replaces the envoy's whole cache, a CacheResyncPage the shas in
[fromSha, toSha). Prints one JSON line per moment the number of holders (envoys with the blob
cached) changed, then a summary with the moments it first reached 50 %, 90 % and 100 % of
--targets envoys.

usage: filecast_spread.py --bootstrap HOST:PORT --registry URL --sha SHA [--prefix vigo.] [--targets N]
"""
import argparse
import json
import math
import sys
import time
import uuid
from datetime import datetime, timezone

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def moment(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def read_reports(bootstrap, registry_url, topic):
    """Every record of the topic up to its end when we start, decoded, in each partition's order."""
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry_url}))
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "vigo-analytics-" + str(uuid.uuid4()),
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    partitions = consumer.list_topics(topic, timeout=30).topics[topic].partitions
    ends = {}
    for p in partitions:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=30)
        if high > low:
            ends[p] = high
    consumer.assign([TopicPartition(topic, p, 0) for p in ends])
    deadline = time.time() + 120
    while ends and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        if msg.offset() + 1 >= ends.get(msg.partition(), 0):
            ends.pop(msg.partition(), None)
        if msg.value() is None:
            continue
        try:
            value = serializer.decode_message(msg.value())
        except Exception:  # a record the tracker dead-lettered: skip it here too
            continue
        yield msg.key().decode("utf-8"), value, msg.timestamp()[1]
    consumer.close()


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--bootstrap", required=True)
    args.add_argument("--registry", required=True)
    args.add_argument("--sha", required=True)
    args.add_argument("--prefix", default="vigo.")
    args.add_argument("--targets", type=int, default=0, help="envoys the payload targets (0: every envoy that reported)")
    options = args.parse_args()

    newest = {}    # hostname -> (agentEpoch, sequence) of the last report taken
    holds = {}     # hostname -> whether it has the blob cached
    changes = []   # (ms, holders) at each change of the count
    for host, event, ts in sorted(read_reports(options.bootstrap, options.registry, options.prefix + "envoy-reports"),
                                  key=lambda record: record[2]):
        if event.get("hostname") != host or "sequence" not in event:
            continue
        stamp = (event["agentEpoch"], event["sequence"])
        if host in newest and stamp <= newest[host]:
            continue  # a duplicate or an older report
        newest[host] = stamp
        had = holds.get(host, False)
        if "peers" in event:  # CacheResync, or CacheResyncPage for the shas in [fromSha, toSha)
            in_page = "fromSha" not in event or (options.sha >= event["fromSha"] and (event.get("toSha") is None or options.sha < event["toSha"]))
            if in_page:
                holds[host] = any(p["sha"] == options.sha and p["state"] == "CACHED" for p in event["peers"])
        elif event.get("sha") == options.sha:
            holds[host] = event.get("state") == "CACHED"  # PeerRecordUpdated; PeerRecordRemoved has no state
        if holds.get(host, False) != had:
            changes.append((ts, sum(holds.values())))

    for ts, holders in changes:
        print(json.dumps({"at": moment(ts), "holders": holders}))
    targets = options.targets or len(newest)
    reached = {}
    for share, name in ((0.5, "half"), (0.9, "ninetyPercent"), (1.0, "all")):
        needed = max(1, math.ceil(targets * share))
        reached[name] = next((moment(ts) for ts, holders in changes if targets and holders >= needed), None)
    print(json.dumps({"sha": options.sha, "holders": changes[-1][1] if changes else 0, "targets": targets, "reached": reached}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
