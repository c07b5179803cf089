package io.vigo.swarm.api;

/**
 * What {@code GET /api/v1/version} answers: the streams app's build and what it runs on.
 *
 * @param build         the app's build
 * @param kafkaStreams  the Kafka Streams (client library) version it runs
 * @param applicationId its Kafka Streams application id (the consumer group of its instances)
 * @param topicPrefix   the prefix of the event topics it reads
 * @param instances     the instances of the application the answering one knows, itself included
 */
public record ServerVersion(Build build, String kafkaStreams, String applicationId, String topicPrefix, int instances) {
}
