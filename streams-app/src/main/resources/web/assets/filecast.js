'use strict';

/* The /swarm/filecast/<sha> page: one manifest entry and every envoy holding, downloading or seeding it, polled. */
(() => {
  const {bytes, minute, el, table, envoyLink, generated, poll, whenChanged} = vigo;
  const sha = location.pathname.split('/').pop();
  document.getElementById('sha').textContent = sha;
  let size = 0; // of the entry; downloads show their progress against it
  let latest = null; // the last holders answer

  function entryFacts(entry) {
    const list = el('dl', {class: 'facts', id: 'entry'});
    const rows = [
      ['Label', entry.label], ['Subsystem', entry.subsystem], ['Size', bytes(entry.sizeBytes)],
      ['State', entry.state + (entry.revokeReason ? ` (${entry.revokeReason})` : '')], ['Seeders', entry.seeders],
      ['Target', entry.target], ['Retention', entry.retentionSeconds === 0 ? 'forever' : entry.retentionSeconds + ' s'],
      ['Published', minute(entry.publishedAt)],
    ];
    for (const [name, value] of rows) {
      list.append(el('dt', {}, name), el('dd', {}, value));
    }
    return list;
  }

  function progress(holder) {
    if (holder.role !== 'downloading') {
      return bytes(holder.bytes);
    }
    const percent = size > 0 ? Math.min(100, Math.floor(holder.bytes * 100 / size)) : 0;
    return el('span', {class: 'progress', 'data-percent': percent},
      el('span', {class: 'bar', style: `width:${percent}%;background:${holder.resolvedColor}`}), `${bytes(holder.bytes)} · ${percent}%`);
  }

  /** Redraws the holders when they, or the entry size their progress is measured against, changed. */
  function refreshHolders() {
    if (latest !== null) {
      whenChanged('holders', {size, holders: latest}, () => showHolders(latest));
    }
  }

  function showHolders(holders) {
    const marks = document.getElementById('marks');
    marks.replaceChildren(...holders.map(holder => el('a', {
      class: 'mark' + (holder.status === 'online' ? '' : ' offline') + (holder.role === 'seeding' ? ' seeder' : ''),
      href: '/envoys/' + encodeURIComponent(holder.hostname),
      'data-hostname': holder.hostname, 'data-color': holder.resolvedColor, 'data-role': holder.role,
      title: `${holder.hostname} · ${holder.role} · ${holder.status}`,
      style: `background:${holder.resolvedColor};width:22px;height:22px`,
    })));
    document.getElementById('holders').replaceChildren(table([
      ['Envoy', holder => envoyLink(holder.hostname, holder.resolvedColor)],
      ['Role', holder => holder.role],
      ['Bytes', progress],
      ['Status', holder => holder.status],
    ], holders, 'no envoy holds, downloads or seeds it'));
  }

  poll('/api/v1/swarm/filecast/' + sha, 2000, (entry, status) => {
    const problem = document.getElementById('problem');
    problem.hidden = status === 200;
    if (status !== 200) {
      problem.textContent = entry.message;
      return;
    }
    size = entry.sizeBytes;
    refreshHolders();
    document.getElementById('label').textContent = entry.label;
    document.title = entry.label + ' — vigo-swarm';
    whenChanged('entry', entry, () => document.getElementById('entry').replaceWith(entryFacts(entry)));
  });
  // How it spread: holders and downloaders over the last day, and when it reached its targets.
  const spreadUrl = () => {
    const to = new Date(Date.now() - 1000);
    const from = new Date(to.getTime() - (24 * 60 - 15) * 60 * 1000);
    return `/api/v1/swarm/filecast/${sha}/history?from=${from.toISOString()}&to=${to.toISOString()}&step=15m`;
  };
  async function refreshSpread() {
    try {
      const response = await fetch(spreadUrl());
      if (!response.ok) {
        return;
      }
      const history = await response.json();
      const when = at => (at ? vigo.local(new Date(at)) : 'not yet');
      const facts = el('dl', {class: 'facts', id: 'reached'});
      for (const [name, value] of [['Targets', `${history.targets} envoy(s) match ${history.target}`],
        ['Reached 50 %', when(history.reached.half)], ['Reached 90 %', when(history.reached.ninetyPercent)],
        ['Reached 100 %', when(history.reached.all)]]) {
        facts.append(el('dt', {}, name), el('dd', {}, value));
      }
      document.getElementById('reached').replaceWith(facts);
      document.getElementById('spread').replaceChildren(
        vigo.lineChart('holders', 'Holders', history.points.map(p => p.holders)),
        vigo.lineChart('downloaders', 'Downloaders', history.points.map(p => p.downloaders)));
    } catch (e) {
      // the page's connection banner already says when the server is away
    }
  }
  refreshSpread();
  setInterval(refreshSpread, 30000);

  poll('/api/v1/swarm/filecast/' + sha + '/holders', 2000, (answer, status) => {
    if (status === 200) {
      generated(answer.generatedAt);
      latest = answer.holders;
      refreshHolders();
    }
  });
})();
