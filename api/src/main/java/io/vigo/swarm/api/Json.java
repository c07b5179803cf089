package io.vigo.swarm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON dialect of the API: camelCase fields, integer bytes, RFC 3339 UTC timestamps with
 * milliseconds ({@code 2026-04-23T18:24:11.000Z}), absent values as null. One mapper for both ends.
 */
public final class Json {

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String format(Instant instant) {
        return RFC3339_MILLIS.format(instant);
    }

    /**
     * {@link Instant#parse} (ISO-8601 in UTC), read directly when the text has the shape every
     * agent and this API write, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}: the JDK's formatter costs
     * more than the rest of a check-in's JSON together. Anything else, valid or not, is left to
     * {@code Instant.parse}, so the answers and the errors are the JDK's own.
     */
    public static Instant parseInstant(String text) {
        if (text == null) {
            return Instant.parse(text); // the JDK's own NullPointerException
        }
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || length > 20 && text.charAt(19) != '.') {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fractionDigits = length > 20 ? length - 21 : 0;
        int nanos = fractionDigits > 0 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 0 || day < 0 || hour > 23 || minute > 59 || second > 59 || nanos < 0) {
            return Instant.parse(text); // not digits, or out of range (a leap second, 24:00): the JDK decides
        }
        for (int i = fractionDigits; i < 9; i++) {
            nanos *= 10;
        }
        long epochDay;
        try {
            epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return Instant.parse(text); // no such date: the JDK's own error
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when it holds anything but ASCII digits. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static ObjectMapper create() {
        SimpleModule time = new SimpleModule("rfc3339-millis");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format(value));
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return parseInstant(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(time)
                .setSerializationInclusion(JsonInclude.Include.ALWAYS)
                .configure(SerializationFeature.INDENT_OUTPUT, true)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }
}
