'use strict';

/*
 * The /swarm page: the status totals and one mark per envoy of the substrate population, kept live
 * by the server's event stream. The first `marks` patch carries the whole fleet; later ones only the
 * envoys that changed or left, and only those marks are touched. A large patch comes in parts
 * (`more: true` on all but the last), applied together once the last has arrived.
 */
(() => {
  const {bytes, minute, el, table, connection, generated, poll, whenChanged} = vigo;
  const fleet = document.getElementById('fleet');
  const marks = new Map(); // hostname → {row, node}
  let scale = scaleFor(0, 0);

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
    return {largest, biggest: count > 2000 ? 22 : count > 300 ? 34 : 56, smallest: 6};
  }

  /** Side of a mark in pixels: its area is proportional to the footprint; an empty cache gets the smallest. */
  function side(footprint) {
    if (scale.largest <= 0) {
      return scale.smallest;
    }
    return Math.round(scale.smallest + (scale.biggest - scale.smallest) * Math.sqrt(footprint / scale.largest));
  }

  function facts(row) {
    return [
      row.hostname + (row.colorPinned ? '  (colour pinned by viz.color)' : ''),
      `${row.status} · ${row.substrate}`,
      `seeding ${row.seeding} · cached ${row.cached} · downloading ${row.downloading}`,
      `footprint ${bytes(row.footprintBytes)}`,
      `last seen ${minute(row.lastSeen)}`,
    ].join('\n');
  }

  function draw(node, row) {
    node.dataset.color = row.resolvedColor;
    node.dataset.status = row.status;
    node.classList.toggle('offline', row.status !== 'online');
    node.classList.toggle('seeder', row.seeding > 0);
    node.title = facts(row);
    node.style.background = row.resolvedColor;
    const px = side(row.footprintBytes) + 'px';
    node.style.width = px;
    node.style.height = px;
  }

  /** A new, not yet drawn mark: every patch draws the marks it made with the rows it changed. */
  function mark(row) {
    return el('a', {class: 'mark', href: '/envoys/' + encodeURIComponent(row.hostname), 'data-hostname': row.hostname});
  }

  /** The mark a new hostname goes before, so the marks stay in hostname order. */
  function successor(hostname) {
    for (const node of fleet.children) {
      if (node.dataset.hostname > hostname) {
        return node;
      }
    }
    return null;
  }

  function patch({reset, upsert, remove}) {
    if (reset) {
      marks.clear();
      fleet.replaceChildren();
    }
    for (const hostname of remove) {
      marks.get(hostname)?.node.remove();
      marks.delete(hostname);
    }
    const arrived = [];
    for (const row of upsert) {
      const entry = marks.get(row.hostname);
      if (entry) {
        entry.row = row;
      } else {
        const fresh = {row, node: null};
        marks.set(row.hostname, fresh);
        arrived.push(fresh);
      }
    }
    let largest = 0;
    for (const {row} of marks.values()) {
      largest = Math.max(largest, row.footprintBytes);
    }
    const next = scaleFor(marks.size, largest);
    const rescaled = next.largest !== scale.largest || next.biggest !== scale.biggest;
    scale = next;

    if (reset) {
      const fragment = document.createDocumentFragment(); // the server sends the fleet in hostname order
      for (const entry of arrived) {
        entry.node = mark(entry.row);
        fragment.append(entry.node);
      }
      fleet.append(fragment);
    } else {
      for (const entry of arrived.sort((a, b) => (a.row.hostname < b.row.hostname ? -1 : 1))) {
        entry.node = mark(entry.row);
        fleet.insertBefore(entry.node, successor(entry.row.hostname));
      }
    }
    const redraw = rescaled ? marks.values() : upsert.map(row => marks.get(row.hostname)); // the new marks included
    for (const {row, node} of redraw) {
      draw(node, row);
    }
    document.getElementById('empty').hidden = marks.size > 0;
    fleet.dataset.marks = marks.size;
  }

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
