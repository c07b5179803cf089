'use strict';

/* Helpers shared by the vigo-swarm pages: the CLI's formats, element building, the connection banner, polling. */
const vigo = (() => {
  const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

  /** Sizes as `vigocli` prints them: base 1000, one decimal below 10 ("1.5 MB"), none from 10 ("312 MB"). */
  function bytes(size) {
    if (size < 10) {
      return size + ' B';
    }
    let exponent = 0;
    let scale = 1;
    while (exponent < UNITS.length - 1 && size / scale >= 1000) {
      scale *= 1000;
      exponent++;
    }
    const value = Math.floor(size / scale * 10 + 0.5) / 10;
    return (value < 10 ? value.toFixed(1) : String(halfEven(value))) + ' ' + UNITS[exponent];
  }

  function halfEven(value) {
    const whole = Math.floor(value);
    const fraction = value - whole;
    if (Math.abs(fraction - 0.5) < 1e-9) {
      return whole % 2 === 0 ? whole : whole + 1;
    }
    return Math.round(value);
  }

  /** An instant as "2026-04-23 18:24" in the browser's time zone, like the CLI's LAST SEEN. */
  function minute(iso) {
    return iso ? local(new Date(iso)).slice(0, 16) : '—';
  }

  /*
   * "2026-04-23 18:24:11" in the browser's time zone, built from the Date's fields: the locale
   * formatting of toLocaleString() first loads the browser's ICU data (50 ms in the /swarm profile).
   */
  function local(t) {
    const two = n => String(n).padStart(2, '0');
    return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  }

  /** An element with attributes (data-* and aria-* included) and children (strings become text). */
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'class') {
        node.className = value;
      } else if (name === 'style') {
        node.style.cssText = value;
      } else {
        node.setAttribute(name, value === true ? '' : value);
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  /** A table: columns are [heading, row => cell]; an empty list reads `none`. */
  function table(columns, rows, none = 'none') {
    if (rows.length === 0) {
      return el('p', {class: 'quiet'}, none);
    }
    return el('table', {},
      el('thead', {}, el('tr', {}, columns.map(([heading]) => el('th', {}, heading)))),
      el('tbody', {}, rows.map(row => el('tr', {}, columns.map(([, cell]) => el('td', {}, cell(row)))))));
  }

  /** The link to an envoy's page, in its resolved colour. */
  function envoyLink(hostname, color) {
    return el('a', {href: '/envoys/' + encodeURIComponent(hostname), class: 'envoy', 'data-hostname': hostname, 'data-color': color},
      el('span', {class: 'swatch', style: `background:${color}`}), hostname);
  }

  /** Shows, or clears, the line that says the page is not current. */
  function connection(problem) {
    const banner = document.getElementById('connection');
    banner.hidden = !problem;
    banner.textContent = problem || '';
    document.body.classList.toggle('stale', Boolean(problem));
  }

  function generated(iso) {
    document.getElementById('generated').textContent = iso ? 'generated ' + local(new Date(iso)) : '';
  }

  /**
   * Fetches `url` every `everyMs` and hands each answer to `show(body, status)`. A failure to reach
   * the server is shown in the banner, and polling goes on, so the page recovers by itself.
   */
  function poll(url, everyMs, show) {
    const once = async () => {
      try {
        const response = await fetch(url, {cache: 'no-store', headers: {Accept: 'application/json'}});
        const body = await response.json();
        if (response.status === 503) {
          connection('the views are catching up: ' + body.message);
        } else {
          connection(null);
          show(body, response.status);
        }
      } catch (e) {
        connection('connection to the server lost; retrying…');
      }
      setTimeout(once, everyMs);
    };
    once();
  }

  /** Calls `render(value)` only when `value` differs from what `key` last rendered. */
  const rendered = new Map();
  function whenChanged(key, value, render) {
    const json = JSON.stringify(value);
    if (rendered.get(key) !== json) {
      rendered.set(key, json);
      render(value);
    }
  }

  /**
   * A small line chart of a series, drawn as SVG: a figure whose caption names the last value and
   * the range, and whose data attributes carry the series' size, last value, minimum and maximum.
   */
  function lineChart(id, title, values, format = String) {
    const SVG = 'http://www.w3.org/2000/svg';
    const W = 320, H = 90, PAD = 4;
    const svg = (tag, attributes) => {
      const node = document.createElementNS(SVG, tag);
      Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
      return node;
    };
    const max = Math.max(...values, 0);
    const min = Math.min(...values, max);
    const x = i => PAD + (values.length < 2 ? 0 : i * (W - 2 * PAD) / (values.length - 1));
    const y = v => H - PAD - (max === min ? (H - 2 * PAD) / 2 : (v - min) * (H - 2 * PAD) / (max - min));
    const picture = svg('svg', {viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': title});
    picture.append(svg('polyline', {points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
      fill: 'none', stroke: 'var(--blue)', 'stroke-width': 2, 'stroke-linejoin': 'round'}));
    const last = values.length ? values[values.length - 1] : 0;
    return el('figure', {class: 'chart', id: 'chart-' + id, 'data-points': values.length, 'data-last': last, 'data-min': min, 'data-max': max},
      el('figcaption', {}, title + ' ', el('b', {}, format(last)), el('small', {}, ` ${format(min)} – ${format(max)}`)),
      picture);
  }

  return {lineChart, bytes, minute, local, el, table, envoyLink, connection, generated, poll, whenChanged};
})();
