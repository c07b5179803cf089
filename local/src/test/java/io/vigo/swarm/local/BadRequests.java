package io.vigo.swarm.local;

import io.vigo.swarm.local.GatewayIT.BadRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's bad-input corpus: malformed JSON, wrong types, missing fields, broken rules,
 * unicode and {@code ../} hostnames, huge numbers, wrong methods, content types, paths and
 * credentials. Every one must be refused with a 4xx and a one-line message, and write nothing.
 */
final class BadRequests {

    private static final String JSON = "application/json";
    private static final String HOST = "corpus-a";

    private BadRequests() {
    }

    static List<BadRequest> corpus(String key, String enrolSecret, long epoch) {
        List<BadRequest> corpus = new ArrayList<>();
        Map<String, String> good = goodCheckIn(epoch);

        // Malformed JSON.
        String[] malformed = {"", "{", "}", "[]", "null", "\"text\"", "42", "{\"hostname\":}", "{\"hostname\": \"corpus-a\",}",
                "{'hostname': 'corpus-a'}", "{\"hostname\": \"corpus-a\"} trailing", "{\"hostname\": \"corpus-a\"}{}", "/* c */ {}",
                "{\"intervalMs\": NaN}", "{\"intervalMs\": Infinity}", "\ufeff{}", "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"hostname\": \"corpus-a\", \"hostname\": \"imp-b\"}", "{\"hostname\": \"\\ud800\"}", "\u0000",
                "{\"hostname\": \"corpus-a\\u0000\"}", "tru", "{\"reports\": [}"};
        for (int i = 0; i < malformed.length; i++) {
            corpus.add(post("malformed checkin #" + i, "/envoy/v1/checkin", key, malformed[i]));
            corpus.add(post("malformed reports #" + i, "/envoy/v1/reports", key, malformed[i]));
        }

        // Wrong types and missing fields of a check-in.
        Map<String, String[]> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("hostname", new String[]{"42", "true", "[]", "{}", "null"});
        wrongTypes.put("agentVersion", new String[]{"42", "false", "[\"x\"]", "{}", "null", "\"\"", "\"" + "v".repeat(1025) + "\""});
        wrongTypes.put("intervalMs", new String[]{"\"15000\"", "15000.5", "1.5e4", "true", "[]", "null", "0", "-1", "999", "86400001",
                "99999999999999999999999", "1e400", "-9223372036854775809"});
        wrongTypes.put("swarmEnabled", new String[]{"\"true\"", "1", "0", "null", "[]", "\"yes\""});
        wrongTypes.put("agentClock", new String[]{"\"yesterday\"", "12345", "true", "null", "\"2026-13-45T99:99:99Z\"",
                "\"" + Instant.now().plusSeconds(400L * 86400) + "\"", "\"1970-01-01T00:00:00Z\"", "\"2026-12-05 10:00:00\""});
        wrongTypes.put("agentEpoch", new String[]{"\"1\"", "-1", "1.5", "null", "true", "9223372036854775807", "99999999999999999999",
                String.valueOf(epoch + 7_200_000L)});
        wrongTypes.put("sequence", new String[]{"\"1\"", "-5", "2.5", "null", "{}", "9223372036854775807", "123456789012345678901234567890"});
        wrongTypes.forEach((field, values) -> {
            for (String value : values) {
                Map<String, String> body = new LinkedHashMap<>(good);
                body.put(field, value);
                corpus.add(post("checkin " + field + "=" + abbreviate(value), "/envoy/v1/checkin", key, object(body)));
            }
            Map<String, String> missing = new LinkedHashMap<>(good);
            missing.remove(field);
            corpus.add(post("checkin without " + field, "/envoy/v1/checkin", key, object(missing)));
        });

        // Hostnames that are no hostname, in a check-in (403 for a valid other host is the impersonation test's).
        String[] badHosts = {"\"Bad_Host\"", "\"../etc/passwd\"", "\"a/b\"", "\"dän\"", "\"\"", "\" corpus-a\"", "\"corpus-a \"",
                "\"" + "h".repeat(254) + "\"", "\"-lead\"", "\"a..b\"", "\"\\u202ecorpus-a\"", "\"CORPUS-A\"", "\"corpus-a\\n\"", "\"*\""};
        for (String host : badHosts) {
            Map<String, String> body = new LinkedHashMap<>(good);
            body.put("hostname", host);
            corpus.add(post("checkin hostname " + abbreviate(host), "/envoy/v1/checkin", key, object(body)));
            corpus.add(new BadRequest("enrol hostname " + abbreviate(host), "POST", "/envoy/v1/enrol", enrolSecret, JSON,
                    "{\"hostname\": " + host + "}"));
        }

        // Reports: shapes, types and rules.
        String sha = "c".repeat(64);
        String[] badReports = {
                "{}", "{\"reports\": null}", "{\"reports\": []}", "{\"reports\": [null]}", "{\"reports\": {}}", "{\"reports\": \"x\"}",
                reports("{\"hostname\": \"corpus-a\", \"agentEpoch\": " + epoch + ", \"sequence\": 1}"),
                reports(report("noSuchType", "")),
                reports(report("PeerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"cached\", \"bytes\": 1")),
                reports("{\"type\": 42, \"hostname\": \"corpus-a\", \"agentEpoch\": 1, \"sequence\": 1}"),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"cached\"")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"gone\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"unknown\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"CACHED\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"cached\", \"bytes\": -1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"cached\", \"bytes\": 1e30")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha + "\", \"state\": \"cached\", \"bytes\": \"1\"")),
                reports(report("peerRecordUpdated", ", \"sha\": \"abc\", \"state\": \"cached\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + sha.toUpperCase() + "\", \"state\": \"cached\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + "g".repeat(64) + "\", \"state\": \"cached\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"" + "é".repeat(64) + "\", \"state\": \"cached\", \"bytes\": 1")),
                reports(report("peerRecordUpdated", ", \"sha\": \"../../" + sha.substring(6) + "\", \"state\": \"cached\", \"bytes\": 1")),
                reports(report("peerRecordRemoved", "")),
                reports(report("peerRecordRemoved", ", \"sha\": null")),
                reports(report("peerRecordRemoved", ", \"sha\": [\"" + sha + "\"]")),
                reports(report("cacheResync", "")),
                reports(report("cacheResync", ", \"peers\": [], \"seeds\": null")),
                reports(report("cacheResync", ", \"peers\": [{\"sha\": \"x\", \"state\": \"cached\", \"bytes\": 1}], \"seeds\": []")),
                reports(report("cacheResync", ", \"peers\": [null], \"seeds\": []")),
                reports(report("cacheResync", ", \"peers\": [{\"sha\": \"" + sha + "\", \"state\": \"cached\"}], \"seeds\": []")),
                reports(report("cacheResync", ", \"peers\": [], \"seeds\": [{\"sha\": \"" + sha + "\", \"label\": \"\", \"sizeBytes\": 1}]")),
                reports(report("cacheResyncPage", ", \"fromSha\": \"" + "d".repeat(64) + "\", \"peers\": [{\"sha\": \"" + sha
                        + "\", \"state\": \"cached\", \"bytes\": 1}], \"seeds\": []")),
                reports(report("cacheResyncPage", ", \"fromSha\": \"" + sha + "\", \"toSha\": \"" + "0".repeat(64) + "\", \"peers\": [], \"seeds\": []")),
                reports(report("cacheResyncPage", ", \"fromSha\": \"xyz\", \"peers\": [], \"seeds\": []")),
                reports(report("cacheResyncPage", ", \"peers\": [], \"seeds\": []")),
                reports(report("seedAnnounced", "")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"label\": \"x\", \"sizeBytes\": -1}")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"label\": \"x\", \"sizeBytes\": 1, \"target\": \"[\"}")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"label\": \"x\", \"sizeBytes\": 1, \"subsystem\": \"tv\"}")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"label\": \"x\", \"sizeBytes\": 1, \"retentionSeconds\": -3}")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"label\": \"" + "l".repeat(1025) + "\", \"sizeBytes\": 1}")),
                reports(report("seedAnnounced", ", \"seed\": {\"sha\": \"" + sha + "\", \"sizeBytes\": 1}")),
                reports(report("seedAnnounced", ", \"seed\": \"x\"")),
                reports(report("seedWithdrawn", ", \"sha\": \"\"")),
                reports(report("seedManifestBroken", ", \"path\": \"\", \"reason\": \"x\"")),
                reports(report("seedManifestBroken", ", \"path\": \"seed/x\"")),
                reports(report("seedManifestBroken", ", \"path\": \"seed/x\", \"reason\": \"" + "r".repeat(1025) + "\"")),
                reports(report("taskResult", ", \"taskId\": \"../../etc\", \"outcome\": \"done\", \"output\": \"x\", \"finishedAt\": \"2026-12-05T10:00:00Z\"")),
                reports(report("taskResult", ", \"taskId\": \"T\", \"outcome\": \"done\", \"output\": \"x\", \"finishedAt\": \"2026-12-05T10:00:00Z\"")),
                reports(report("taskResult", ", \"taskId\": \"" + "t".repeat(65) + "\", \"outcome\": \"done\", \"output\": \"x\", \"finishedAt\": \"2026-12-05T10:00:00Z\"")),
                reports(report("taskResult", ", \"taskId\": \"task-0001\", \"outcome\": \"maybe\", \"output\": \"x\", \"finishedAt\": \"2026-12-05T10:00:00Z\"")),
                reports(report("taskResult", ", \"taskId\": \"task-0001\", \"outcome\": \"done\", \"output\": \"" + "o".repeat(4097) + "\", \"finishedAt\": \"2026-12-05T10:00:00Z\"")),
                reports(report("taskResult", ", \"taskId\": \"task-0001\", \"outcome\": \"done\", \"output\": \"x\", \"finishedAt\": \"soon\"")),
                reports(report("taskResult", ", \"taskId\": \"task-0001\", \"outcome\": \"done\", \"output\": \"x\"")),
                reports(report("seedWithdrawn", ", \"sha\": \"" + sha + "\"").replaceFirst("\"agentEpoch\": \\d+", "\"agentEpoch\": -1")),
                reports(report("seedWithdrawn", ", \"sha\": \"" + sha + "\"").replace("\"sequence\": 1", "\"sequence\": 99999999999999")),
                reports(report("seedWithdrawn", ", \"sha\": \"" + sha + "\"") + "," + report("seedWithdrawn", ", \"sha\": \"bad\"")),
                reports(String.join(",", java.util.Collections.nCopies(1001, report("seedWithdrawn", ", \"sha\": \"" + sha + "\"")))),
        };
        for (int i = 0; i < badReports.length; i++) {
            corpus.add(post("reports #" + i + " " + abbreviate(badReports[i]), "/envoy/v1/reports", key, badReports[i]));
        }

        // Wrong methods, paths, content types.
        String checkIn = object(good);
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            corpus.add(new BadRequest(method + " checkin", method, "/envoy/v1/checkin", key, JSON, method.equals("GET") ? null : checkIn));
            corpus.add(new BadRequest(method + " reports", method, "/envoy/v1/reports", key, JSON, method.equals("GET") ? null : "{}"));
            corpus.add(new BadRequest(method + " enrol", method, "/envoy/v1/enrol", enrolSecret, JSON, method.equals("GET") ? null : "{}"));
        }
        corpus.add(new BadRequest("POST tasks", "POST", "/envoy/v1/tasks", key, JSON, "{}"));
        corpus.add(new BadRequest("POST revoked", "POST", "/envoy/v1/revoked", key, JSON, "{}"));
        corpus.add(new BadRequest("DELETE health", "DELETE", "/health", null, null, null));
        for (String path : List.of("/envoy/v1/../../etc/passwd", "/envoy/v2/checkin", "/envoy/v1/checkin/extra", "/envoy/v1/%2e%2e/checkin",
                "/envoy/v1/d%C3%A4n", "/envoy/v1/" + "x".repeat(2000), "/envoy/v1/" + "x".repeat(5000), "/envoy/v1/checkin%00",
                "/api/v1/swarm/status", "/", "/envoy")) {
            corpus.add(new BadRequest("path " + abbreviate(path), "POST", path, key, JSON, checkIn));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/jsonx", "json")) {
            corpus.add(new BadRequest("checkin as " + type, "POST", "/envoy/v1/checkin", key, type, checkIn));
            corpus.add(new BadRequest("enrol as " + type, "POST", "/envoy/v1/enrol", enrolSecret, type, "{\"hostname\": \"corpus-z\"}"));
        }
        corpus.add(new BadRequest("checkin without a content type", "POST", "/envoy/v1/checkin", key, null, checkIn));

        // Credentials.
        for (String bearer : new String[]{"", "vk1.", "vk1.corpus-a.1.", "vk1.corpus-a.x.abc", "not-a-key", key + "x", "k".repeat(9000),
                key.replace("vk1.corpus-a.", "vk1.imp-b."), enrolSecret}) {
            corpus.add(new BadRequest("checkin with key " + abbreviate(bearer), "POST", "/envoy/v1/checkin", bearer, JSON, checkIn));
            corpus.add(new BadRequest("tasks with key " + abbreviate(bearer), "GET", "/envoy/v1/tasks", bearer, null, null));
        }
        corpus.add(new BadRequest("checkin without a key", "POST", "/envoy/v1/checkin", null, JSON, checkIn));
        corpus.add(new BadRequest("enrol without the secret", "POST", "/envoy/v1/enrol", null, JSON, "{\"hostname\": \"corpus-z\"}"));
        corpus.add(new BadRequest("enrol with a key", "POST", "/envoy/v1/enrol", key, JSON, "{\"hostname\": \"corpus-z\"}"));
        corpus.add(new BadRequest("enrol the enrolled", "POST", "/envoy/v1/enrol", enrolSecret, JSON, "{\"hostname\": \"corpus-a\"}"));
        corpus.add(new BadRequest("enrol without a hostname", "POST", "/envoy/v1/enrol", enrolSecret, JSON, "{}"));

        // Oversized.
        corpus.add(post("a body over the limit", "/envoy/v1/reports", key, "{\"reports\": [\"" + "x".repeat(1_100_000) + "\"]}"));
        return corpus;
    }

    private static Map<String, String> goodCheckIn(long epoch) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("hostname", "\"" + HOST + "\"");
        fields.put("agentVersion", "\"corpus\"");
        fields.put("intervalMs", "300000");
        fields.put("swarmEnabled", "true");
        fields.put("agentClock", "\"" + Instant.now() + "\"");
        fields.put("agentEpoch", String.valueOf(epoch));
        fields.put("sequence", "1");
        return fields;
    }

    private static String object(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() == 1 ? "" : ", ").append('"').append(name).append("\": ").append(value));
        return json.append('}').toString();
    }

    private static String report(String type, String fields) {
        return "{\"type\": \"" + type + "\", \"hostname\": \"" + HOST + "\", \"agentEpoch\": " + System.currentTimeMillis()
                + ", \"sequence\": 1" + fields + "}";
    }

    private static String reports(String items) {
        return "{\"reports\": [" + items + "]}";
    }

    private static BadRequest post(String name, String path, String key, String body) {
        return new BadRequest(name, "POST", path, key, JSON, body);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
