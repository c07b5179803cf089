#!/usr/bin/python3
"""Interop check: Confluent's own Python client decodes vigo's event topics through the
registry's Confluent-compatible API. Prints, per topic, the record types and fields it decoded.

usage: decode_event_topics.py BOOTSTRAP REGISTRY_URL TOPIC...
Exit 0 when every topic yielded at least one decoded value, else 1 (reason on stderr).
"""
import json
import struct
import sys
import time
import uuid

from confluent_kafka import Consumer
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def main():
    bootstrap, registry_url, topics = sys.argv[1], sys.argv[2], sys.argv[3:]
    registry = CachedSchemaRegistryClient({"url": registry_url})
    serializer = MessageSerializer(registry)
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "vigo-interop-" + str(uuid.uuid4()),
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    consumer.subscribe(topics)
    decoded = {topic: {} for topic in topics}
    deadline = time.time() + 60
    try:
        while time.time() < deadline and not all(decoded.values()):
            msg = consumer.poll(0.5)
            if msg is None or msg.error() or msg.value() is None:
                continue
            # Only the value is Avro: keys are plain strings (the legacy AvroConsumer would decode both).
            value = serializer.decode_message(msg.value())
            schema_id = struct.unpack(">I", msg.value()[1:5])[0]
            record = registry.get_by_id(schema_id)
            decoded[msg.topic()][record.fullname] = sorted(value.keys())
    finally:
        consumer.close()
    print(json.dumps(decoded, sort_keys=True))
    missing = [topic for topic, records in decoded.items() if not records]
    if missing:
        print("no decodable record on: " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
