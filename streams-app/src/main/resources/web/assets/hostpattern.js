'use strict';

/*
 * The CLI's hostname matcher (io.vigo.swarm.api.HostPattern) for the pages: Go's filepath.Match
 * semantics, exactly — `*` any run of characters but '/', `?` one character, `[...]` a class with
 * ranges and `^` negation, `\` escapes; a malformed pattern is refused whole, with the same message
 * as the CLI's. Names are lower-cased before matching. A test runs both on the same corpus.
 */
const hostPattern = (() => {
  const SEPARATOR = '/'.codePointAt(0);

  function bad(pattern, why) {
    return new Error(`malformed pattern "${pattern}": ${why}`);
  }

  /** One possibly escaped class character at i: [code point, next index]. */
  function classChar(pattern, p, i) {
    if (i >= p.length) {
      throw bad(pattern, 'unterminated character class');
    }
    const c = p[i];
    if (c === 0x2d || c === 0x5d) { // '-' or ']'
      throw bad(pattern, `'${String.fromCodePoint(c)}' out of place in a character class`);
    }
    if (c === 0x5c) { // '\'
      if (i + 1 >= p.length) {
        throw bad(pattern, 'trailing backslash in a character class');
      }
      return [p[i + 1], i + 2];
    }
    return [c, i + 1];
  }

  /** A class after its '[': pushes its token and returns the index after its ']'. */
  function readClass(pattern, p, i, tokens) {
    const negated = i < p.length && p[i] === 0x5e; // '^'
    if (negated) {
      i++;
    }
    const ranges = [];
    for (;;) {
      if (i < p.length && p[i] === 0x5d && ranges.length > 0) {
        tokens.push({kind: 'class', negated, ranges});
        return i + 1;
      }
      const [lo, afterLo] = classChar(pattern, p, i);
      i = afterLo;
      let hi = lo;
      if (i < p.length && p[i] === 0x2d) {
        const [upper, afterHi] = classChar(pattern, p, i + 1);
        hi = upper;
        i = afterHi;
        if (hi < lo) { // Go accepts an inverted range; it matches nothing
          ranges.push([1, 0]);
          continue;
        }
      }
      ranges.push([lo, hi]);
    }
  }

  function tokenize(pattern) {
    const p = Array.from(pattern, ch => ch.codePointAt(0));
    const tokens = [];
    let i = 0;
    while (i < p.length) {
      const c = p[i];
      if (c === 0x2a) { // '*'
        if (tokens.length === 0 || tokens[tokens.length - 1].kind !== 'star') {
          tokens.push({kind: 'star'});
        }
        i++;
      } else if (c === 0x3f) { // '?'
        tokens.push({kind: 'any'});
        i++;
      } else if (c === 0x5c) { // '\'
        if (i + 1 >= p.length) {
          throw bad(pattern, 'trailing backslash');
        }
        tokens.push({kind: 'literal', c: p[i + 1]});
        i += 2;
      } else if (c === 0x5b) { // '['
        i = readClass(pattern, p, i + 1, tokens);
      } else {
        tokens.push({kind: 'literal', c});
        i++;
      }
    }
    return tokens;
  }

  function admits(token, c) {
    switch (token.kind) {
      case 'any': return c !== SEPARATOR;
      case 'literal': return token.c === c;
      default: return token.ranges.some(([lo, hi]) => lo <= c && c <= hi) !== token.negated;
    }
  }

  function matchFrom(tokens, t, name, n) {
    while (t < tokens.length) {
      const token = tokens[t];
      if (token.kind === 'star') {
        for (let end = n; end <= name.length; end++) { // every split point; a star never crosses '/'
          if (matchFrom(tokens, t + 1, name, end)) {
            return true;
          }
          if (end < name.length && name[end] === SEPARATOR) {
            return false;
          }
        }
        return false;
      }
      if (n >= name.length || !admits(token, name[n])) {
        return false;
      }
      t++;
      n++;
    }
    return n === name.length;
  }

  /** The compiled pattern; throws an Error with the CLI's message when it is malformed. */
  return function compile(pattern) {
    const tokens = tokenize(pattern);
    return {
      pattern,
      matches(hostname) {
        return matchFrom(tokens, 0, Array.from(hostname.toLowerCase(), ch => ch.codePointAt(0)), 0);
      },
    };
  };
})();
