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
  poll('/api/v1/swarm/filecast/' + sha + '/holders', 2000, (answer, status) => {
    if (status === 200) {
      generated(answer.generatedAt);
      latest = answer.holders;
      refreshHolders();
    }
  });
})();
