package io.vigo.swarm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hostname pattern with Go's {@code filepath.Match} semantics, exactly: {@code *} any run of
 * characters, {@code ?} one character, {@code [...]} a class with ranges and {@code ^} negation,
 * {@code \} escapes. A malformed pattern is rejected whole when compiled, as Go reports
 * {@code ErrBadPattern} whatever the name. One matcher for task targets, the seeding allowlist
 * and CLI filters; names are lower-cased before matching.
 */
public final class HostPattern {

    /** A pattern that Go's filepath.Match would reject with ErrBadPattern. */
    public static final class BadPatternException extends IllegalArgumentException {
        BadPatternException(String pattern, String why) {
            super("malformed pattern \"" + pattern + "\": " + why);
        }
    }

    private sealed interface Token permits Star, AnyOne, Literal, CharClass {
        /** Whether this single-character token admits {@code c}; a star is matched separately. */
        boolean admits(int c);
    }

    private record Star() implements Token {
        @Override
        public boolean admits(int c) {
            throw new IllegalStateException("a star matches runs, not characters");
        }
    }

    private record AnyOne() implements Token {
        @Override
        public boolean admits(int c) {
            return c != SEPARATOR;
        }
    }

    private record Literal(int codePoint) implements Token {
        @Override
        public boolean admits(int c) {
            return codePoint == c;
        }
    }

    private record CharClass(boolean negated, List<int[]> ranges) implements Token {
        @Override
        public boolean admits(int c) {
            boolean inRange = ranges.stream().anyMatch(r -> r[0] <= c && c <= r[1]);
            return inRange != negated;
        }
    }

    private static final int SEPARATOR = '/';

    private final String pattern;
    private final List<Token> tokens;

    private HostPattern(String pattern, List<Token> tokens) {
        this.pattern = pattern;
        this.tokens = tokens;
    }

    /** Compiles {@code pattern}; throws {@link BadPatternException} when it is malformed. */
    public static HostPattern compile(String pattern) {
        return new HostPattern(pattern, tokenize(pattern));
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the lower-cased {@code hostname} matches. */
    public boolean matches(String hostname) {
        int[] name = hostname.toLowerCase(Locale.ROOT).codePoints().toArray();
        return matchFrom(0, name, 0);
    }

    private boolean matchFrom(int t, int[] name, int n) {
        while (t < tokens.size()) {
            Token token = tokens.get(t);
            if (token instanceof Star) {
                // Try every split point; a star never crosses a path separator.
                for (int end = n; end <= name.length; end++) {
                    if (matchFrom(t + 1, name, end)) {
                        return true;
                    }
                    if (end < name.length && name[end] == SEPARATOR) {
                        return false;
                    }
                }
                return false;
            }
            if (n >= name.length) {
                return false;
            }
            if (!token.admits(name[n])) {
                return false;
            }
            t++;
            n++;
        }
        return n == name.length;
    }

    private static List<Token> tokenize(String pattern) {
        int[] p = pattern.codePoints().toArray();
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < p.length) {
            int c = p[i];
            switch (c) {
                case '*' -> {
                    if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof Star)) {
                        tokens.add(new Star());
                    }
                    i++;
                }
                case '?' -> {
                    tokens.add(new AnyOne());
                    i++;
                }
                case '\\' -> {
                    if (i + 1 >= p.length) {
                        throw new BadPatternException(pattern, "trailing backslash");
                    }
                    tokens.add(new Literal(p[i + 1]));
                    i += 2;
                }
                case '[' -> i = readClass(pattern, p, i + 1, tokens);
                default -> {
                    tokens.add(new Literal(c));
                    i++;
                }
            }
        }
        return tokens;
    }

    /** Reads a class after its '['; returns the index after its ']'. */
    private static int readClass(String pattern, int[] p, int i, List<Token> tokens) {
        boolean negated = i < p.length && p[i] == '^';
        if (negated) {
            i++;
        }
        List<int[]> ranges = new ArrayList<>();
        while (true) {
            if (i < p.length && p[i] == ']' && !ranges.isEmpty()) {
                tokens.add(new CharClass(negated, List.copyOf(ranges)));
                return i + 1;
            }
            int[] lo = classChar(pattern, p, i);
            i = lo[1];
            int hi = lo[0];
            if (i < p.length && p[i] == '-') {
                int[] upper = classChar(pattern, p, i + 1);
                hi = upper[0];
                i = upper[1];
                if (hi < lo[0]) {
                    // Go accepts an inverted range; it simply matches nothing.
                    ranges.add(new int[] {1, 0});
                    continue;
                }
            }
            ranges.add(new int[] {lo[0], hi});
        }
    }

    /** One possibly escaped class character at {@code i}: {character, next index}. */
    private static int[] classChar(String pattern, int[] p, int i) {
        if (i >= p.length) {
            throw new BadPatternException(pattern, "unterminated character class");
        }
        int c = p[i];
        if (c == '-' || c == ']') {
            throw new BadPatternException(pattern, "'" + (char) c + "' out of place in a character class");
        }
        if (c == '\\') {
            if (i + 1 >= p.length) {
                throw new BadPatternException(pattern, "trailing backslash in a character class");
            }
            return new int[] {p[i + 1], i + 2};
        }
        return new int[] {c, i + 1};
    }

    @Override
    public String toString() {
        return pattern;
    }
}
