'use strict';

/*
 * The /swarm page: the status totals and one mark per envoy of the substrate population, kept live
 * by the server's event stream. The first `marks` patch carries the whole fleet; later ones only the
 * envoys that changed or left. A large patch comes in parts (`more: true` on all but the last),
 * applied together once the last has arrived. A mark is a FleetMark array:
 * [hostname, status, seeding, cached, footprintBytes, lastSeenMs, color, tags].
 *
 * The fleet is drawn on one canvas, not one element per envoy: 20,000 elements took about a second
 * to lay out and 200,000 did not fit a page. Hover and click find the mark under the pointer from
 * the layout (rows, then the marks of the row). The operator can show only some marks (status,
 * hostname pattern with the CLI's matcher, tag) and group them by a tag's value.
 */
(() => {
  const {bytes, minute, el, table, connection, generated, poll, whenChanged} = vigo;
  const HOSTNAME = 0, STATUS = 1, SEEDING = 2, CACHED = 3, FOOTPRINT = 4, LAST_SEEN = 5, COLOR = 6, TAGS = 7;
  const fleet = document.getElementById('fleet');
  const canvas = document.getElementById('fleet-canvas');
  const tip = document.getElementById('fleet-tip');
  const marks = new Map(); // hostname → mark
  let layout = {rows: [], placed: [], height: 0};
  let filter = {status: '', host: null, tag: null, group: ''};
  let drawPending = false;
  let received = false; // whether the fleet has arrived: until then no "no envoy" line

  function showStatus(status) {
    generated(status.generatedAt);
    const set = (id, value, text) => {
      const node = document.getElementById(id);
      node.dataset.value = value;
      node.textContent = text;
    };
    set('envoysOnline', status.envoysOnline, `${status.envoysOnline} / ${status.envoysTotal}`);
    document.getElementById('envoysOnline').dataset.total = status.envoysTotal;
    set('substrateActive', status.substrateActive, status.substrateActive);
    set('seedingEnvoys', status.seedingEnvoys, status.seedingEnvoys);
    set('fleetFootprintBytes', status.fleetFootprintBytes, bytes(status.fleetFootprintBytes));
    set('manifestActive', status.manifestActive, `${status.manifestActive} active · ${status.manifestRevoked} revoked`);
    document.getElementById('manifestActive').dataset.revoked = status.manifestRevoked;
    set('activePayload', status.activePayload, `${status.activePayload} payload · ${status.activeGitback} gitback`);
    document.getElementById('activePayload').dataset.gitback = status.activeGitback;
    set('deadLetters', status.deadLetters, status.deadLetters);
  }

  /** The marks' scale: the largest footprint gets the biggest mark, which shrinks as the fleet grows. */
  function scaleFor(count, largest) {
    if (count > 50000) {
      return {largest, biggest: 10, smallest: 3, gap: 1};
    }
    if (count > 10000) {
      return {largest, biggest: 14, smallest: 4, gap: 2};
    }
    return {largest, biggest: count > 2000 ? 22 : count > 300 ? 34 : 56, smallest: 6, gap: 3};
  }

  /** Side of a mark in pixels: its area is proportional to the footprint; an empty cache gets the smallest. */
  function side(scale, footprint) {
    if (scale.largest <= 0) {
      return scale.smallest;
    }
    return Math.round(scale.smallest + (scale.biggest - scale.smallest) * Math.sqrt(footprint / scale.largest));
  }

  function facts(mark) {
    const tags = Object.entries(mark[TAGS]).map(([k, v]) => `${k}=${v}`).join(' ');
    return [
      mark[HOSTNAME],
      `${mark[STATUS]} · seeding ${mark[SEEDING]} · cached ${mark[CACHED]}`,
      `footprint ${bytes(mark[FOOTPRINT])}`,
      `last seen ${mark[LAST_SEEN] > 0 ? minute(new Date(mark[LAST_SEEN]).toISOString()) : '—'}`,
    ].concat(tags ? [tags] : []).join('\n');
  }

  /** Whether the operator's filter shows this mark. */
  function shown(mark) {
    if (filter.status && mark[STATUS] !== filter.status) {
      return false;
    }
    if (filter.host && !filter.host.matches(mark[HOSTNAME])) {
      return false;
    }
    if (filter.tag) {
      const value = mark[TAGS][filter.tag.key];
      if (value === undefined || (filter.tag.value !== null && value !== filter.tag.value)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where every shown mark goes: rows filled left to right in hostname order, a row as tall as its
   * largest mark, marks centred in it; with grouping, one block of rows per tag value under its name.
   */
  function lay(width) {
    const sorted = [...marks.values()].filter(shown).sort((a, b) => (a[HOSTNAME] < b[HOSTNAME] ? -1 : 1));
    let largest = 0;
    for (const mark of marks.values()) {
      largest = Math.max(largest, mark[FOOTPRINT]);
    }
    const scale = scaleFor(marks.size, largest);
    const groups = new Map();
    if (filter.group) {
      for (const mark of sorted) {
        const value = mark[TAGS][filter.group];
        const name = value === undefined ? `(no ${filter.group})` : `${filter.group}=${value}`;
        if (!groups.has(name)) {
          groups.set(name, []);
        }
        groups.get(name).push(mark);
      }
    } else {
      groups.set(null, sorted);
    }
    // Groups by value; the envoys without the tag last.
    const names = filter.group
      ? [...groups.keys()].sort((a, b) => (a.startsWith('(') - b.startsWith('(')) || (a < b ? -1 : a > b ? 1 : 0))
      : [null];
    const rows = [];
    const placed = [];
    const labels = [];
    let y = 0;
    for (const name of names) {
      if (name !== null) {
        labels.push({name, count: groups.get(name).length, y: y + 14});
        y += 22;
      }
      let row = null;
      for (const mark of groups.get(name)) {
        const s = side(scale, mark[FOOTPRINT]);
        if (!row || (row.x + s > width && row.to > row.from)) {
          if (row) {
            y = row.top + row.height + scale.gap;
          }
          row = {top: y, height: 0, from: placed.length, to: placed.length, x: 0};
          rows.push(row);
        }
        placed.push({mark, x: row.x, s, row});
        row.x += s + scale.gap;
        row.height = Math.max(row.height, s);
        row.to = placed.length;
      }
      if (row) {
        y = row.top + row.height + scale.gap;
      }
      y += name !== null ? 10 : 0;
    }
    return {rows, placed, labels, height: Math.max(y, 1), scale};
  }

  function draw() {
    drawPending = false;
    const width = Math.max(100, fleet.clientWidth - 2 * parseFloat(getComputedStyle(fleet).paddingLeft));
    layout = lay(width);
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(layout.height * ratio);
    canvas.style.height = layout.height + 'px';
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, layout.height);
    const ring = getComputedStyle(document.documentElement).getPropertyValue('--text').trim() || '#cdd6f4';
    for (const {mark, x, s, row} of layout.placed) {
      const cx = x + s / 2;
      const cy = row.top + row.height / 2;
      g.globalAlpha = mark[STATUS] === 'online' ? 1 : 0.25;
      g.fillStyle = mark[COLOR];
      if (s < 5) {
        g.fillRect(x, cy - s / 2, s, s);
      } else {
        g.beginPath();
        g.arc(cx, cy, s / 2, 0, 2 * Math.PI);
        g.fill();
      }
      if (mark[SEEDING] > 0 && s >= 5) {
        g.globalAlpha = 1;
        g.strokeStyle = ring;
        g.lineWidth = 1.5;
        g.beginPath();
        g.arc(cx, cy, s / 2 + 1.5, 0, 2 * Math.PI);
        g.stroke();
      }
    }
    g.globalAlpha = 1;
    g.fillStyle = ring;
    g.font = '12px system-ui, sans-serif';
    for (const label of layout.labels) {
      g.fillText(`${label.name} · ${label.count}`, 0, label.y);
    }
    document.getElementById('empty').hidden = !received || marks.size > 0;
    document.getElementById('filter-count').textContent = filtering() ? `${layout.placed.length} of ${marks.size} shown` : '';
    fleet.dataset.shown = layout.placed.length;
    fleet.dataset.marks = marks.size;
  }

  function filtering() {
    return Boolean(filter.status || filter.host || filter.tag || filter.group);
  }

  function redraw() {
    if (!drawPending) {
      drawPending = true;
      requestAnimationFrame(draw);
    }
  }

  /** The placed mark under a point of the canvas (CSS pixels), or null. */
  function markAt(px, py) {
    const rows = layout.rows;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) { // the row whose band holds py
      const mid = (lo + hi) >> 1;
      if (py < rows[mid].top) {
        hi = mid - 1;
      } else if (py >= rows[mid].top + rows[mid].height) {
        lo = mid + 1;
      } else {
        const row = rows[mid];
        for (let i = row.from; i < row.to; i++) {
          const p = layout.placed[i];
          const r = p.s / 2 + 1;
          const dx = px - (p.x + p.s / 2);
          const dy = py - (row.top + row.height / 2);
          if (dx * dx + dy * dy <= r * r) {
            return p;
          }
        }
        return null;
      }
    }
    return null;
  }

  function pointer(event) {
    const box = canvas.getBoundingClientRect();
    return markAt(event.clientX - box.left, event.clientY - box.top);
  }

  canvas.addEventListener('mousemove', event => {
    const p = pointer(event);
    canvas.classList.toggle('over', p !== null);
    if (!p) {
      tip.hidden = true;
      return;
    }
    tip.textContent = facts(p.mark);
    tip.hidden = false;
    tip.style.left = (canvas.offsetLeft + p.x + p.s + 8) + 'px';
    tip.style.top = (canvas.offsetTop + p.row.top) + 'px';
  });
  canvas.addEventListener('mouseleave', () => {
    tip.hidden = true;
  });
  canvas.addEventListener('click', event => {
    const p = pointer(event);
    if (p) {
      window.location.href = '/envoys/' + encodeURIComponent(p.mark[HOSTNAME]);
    }
  });
  window.addEventListener('resize', redraw);

  /** The filter from the form; a malformed pattern is said as the CLI says it, and the marks stay as they were. */
  function readFilter() {
    const problem = document.getElementById('filter-problem');
    const next = {status: document.getElementById('filter-status').value, host: null, tag: null,
      group: document.getElementById('group-tag').value.trim()};
    const host = document.getElementById('filter-host').value.trim();
    try {
      next.host = host ? hostPattern(host) : null;
    } catch (e) {
      problem.textContent = e.message;
      problem.hidden = false;
      return;
    }
    problem.hidden = true;
    const tag = document.getElementById('filter-tag').value.trim();
    if (tag) {
      const eq = tag.indexOf('=');
      next.tag = eq < 0 ? {key: tag, value: null} : {key: tag.slice(0, eq), value: tag.slice(eq + 1)};
    }
    filter = next;
    keepInAddress();
    redraw();
  }

  /* The filter lives in the address's fragment too, so a filtered view can be bookmarked and shared. */
  const FIELDS = {status: 'filter-status', host: 'filter-host', tag: 'filter-tag', group: 'group-tag'};

  function keepInAddress() {
    const params = new URLSearchParams();
    for (const [name, id] of Object.entries(FIELDS)) {
      const value = document.getElementById(id).value.trim();
      if (value) {
        params.set(name, value);
      }
    }
    const fragment = params.toString();
    history.replaceState(null, '', fragment ? '#' + fragment : location.pathname + location.search);
  }

  function readAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const [name, id] of Object.entries(FIELDS)) {
      document.getElementById(id).value = params.get(name) ?? '';
    }
    readFilter();
  }

  document.getElementById('fleet-filter').addEventListener('input', readFilter);
  window.addEventListener('hashchange', readAddress);
  readAddress();
  document.getElementById('fleet-filter').addEventListener('submit', event => event.preventDefault());

  function patch({reset, upsert, remove}) {
    received = true;
    if (reset) {
      marks.clear();
    }
    for (const hostname of remove) {
      marks.delete(hostname);
    }
    for (const mark of upsert) {
      marks.set(mark[HOSTNAME], mark);
    }
    redraw();
  }

  /* What tests and the bench read instead of elements: the marks as drawn, and where each is. */
  window.vigoFleet = {
    drawn: () => layout.placed.map(({mark, x, s, row}) => ({
      hostname: mark[HOSTNAME], status: mark[STATUS], color: mark[COLOR], seeding: mark[SEEDING],
      x: x + s / 2, y: row.top + row.height / 2, side: s,
    })),
    labels: () => layout.labels.map(label => label.name),
    at: (x, y) => markAt(x, y)?.mark[HOSTNAME] ?? null,
  };

  /* The manifest is small beside the fleet (entries, not envoys): polled, redrawn when it changed. */
  poll('/api/v1/swarm/filecast', 5000, answer => {
    const active = answer.entries.filter(entry => entry.state === 'active');
    whenChanged('entries', active, entries => document.getElementById('entries').replaceChildren(table([
      ['Label', entry => el('a', {href: '/swarm/filecast/' + entry.sha}, entry.label)],
      ['Subsystem', entry => entry.subsystem],
      ['Size', entry => bytes(entry.sizeBytes)],
      ['Seeders', entry => entry.seeders],
      ['Published', entry => minute(entry.publishedAt)],
    ], entries, 'no active entries')));
  });

  /*
   * The browser reconnects an event stream by itself after a network error, but gives up for good
   * after an HTTP error (e.g. while the server restarts); then a new stream is opened a little later.
   * Every new stream starts with the whole fleet, so nothing missed while away stays missing.
   */
  function listen() {
    const feed = new EventSource('/api/v1/swarm/live');
    let pending = null; // the parts of a patch received so far
    feed.addEventListener('open', () => connection(null));
    feed.addEventListener('error', () => {
      connection('connection to the server lost; reconnecting…');
      if (feed.readyState === EventSource.CLOSED) {
        setTimeout(listen, 3000);
      }
    });
    feed.addEventListener('status', event => showStatus(JSON.parse(event.data)));
    feed.addEventListener('marks', event => {
      const part = JSON.parse(event.data);
      if (pending) {
        pending.upsert.push(...part.upsert);
        pending.remove.push(...part.remove);
      } else {
        pending = part;
      }
      if (!part.more) {
        connection(null);
        patch(pending);
        pending = null;
      }
    });
    feed.addEventListener('unavailable', event => connection(JSON.parse(event.data).message));
  }

  listen();
})();
