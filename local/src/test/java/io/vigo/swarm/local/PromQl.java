package io.vigo.swarm.local;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, for checking a dashboard against what the
 * instances export: every identifier that is not a function or aggregation (followed by a
 * parenthesis), a keyword, a label inside {@code {…}}, {@code by (…)} or {@code without (…)}, or a
 * range. Enough PromQL for dashboards; not a parser of the whole language.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9.])[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {
    }

    static Set<String> metricNames(String expr) {
        String bare = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // strings
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = IDENTIFIER.matcher(bare);
        while (identifiers.find()) {
            String name = identifiers.group();
            String rest = bare.substring(identifiers.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
