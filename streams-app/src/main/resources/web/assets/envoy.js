'use strict';

/* The /envoys/<hostname> page: everything `vigocli envoys show` knows, polled, each section redrawn only when it changed. */
(() => {
  const {bytes, minute, local, el, table, generated, poll, whenChanged} = vigo;
  const hostname = decodeURIComponent(location.pathname.split('/').pop());
  document.title = hostname + ' — vigo-swarm';
  document.getElementById('hostname').textContent = hostname;

  const show = (id, node) => document.getElementById(id).replaceChildren(node);
  const filecastLink = sha => el('a', {href: '/swarm/filecast/' + sha, class: 'sha'}, sha.slice(0, 12));

  function facts(envoy) {
    const rows = [
      ['Status', envoy.status, {'data-value': envoy.status}],
      ['Substrate', envoy.substrate],
      ['Seeding', envoy.seeding],
      ['Cached', envoy.cached],
      ['Downloading', envoy.downloading],
      ['Footprint', bytes(envoy.footprintBytes), {'data-value': envoy.footprintBytes}],
      ['Last seen', minute(envoy.lastSeen)],
      ['Check-in interval', (envoy.intervalMs / 1000) + ' s'],
      ['Agent version', envoy.agentVersion],
      ['Swarm enabled', envoy.swarmEnabled ? 'yes' : 'no'],
      ['Clock skew', envoy.clockSkewMs + ' ms'],
      ['Colour', envoy.resolvedColor + (envoy.colorPinned ? ' (pinned by viz.color)' : ' (hash slot)')],
    ];
    if (envoy.decommissioned) {
      rows.unshift(['Decommissioned', 'yes']);
    }
    const list = el('dl', {class: 'facts', id: 'facts'});
    for (const [name, value, attributes] of rows) {
      list.append(el('dt', {}, name), el('dd', attributes || {}, value));
    }
    return list;
  }

  function render(envoy) {
    generated(envoy.generatedAt);
    document.getElementById('problem').hidden = true;
    const swatch = document.getElementById('swatch');
    swatch.style.background = envoy.resolvedColor;
    swatch.dataset.hostname = envoy.hostname;
    swatch.dataset.color = envoy.resolvedColor;
    swatch.classList.toggle('offline', envoy.status !== 'online');
    const {generatedAt, inputLagRecords, ...current} = envoy;
    whenChanged('facts', current, () => document.getElementById('facts').replaceWith(facts(envoy)));
    whenChanged('tags', envoy.tags, tags => show('tags', table([
      ['Key', ([key]) => key],
      ['Value', ([, value]) => value],
    ], Object.entries(tags).sort(), 'no tags')));
    whenChanged('blobs', envoy.blobs, blobs => show('blobs', table([
      ['Sha', blob => filecastLink(blob.sha)],
      ['State', blob => blob.state],
      ['Bytes', blob => (blob.state === 'cached' ? bytes(blob.bytes) : bytes(blob.bytes) + ' so far')],
    ], blobs, 'no peer records')));
    whenChanged('seeds', envoy.seeds, seeds => show('seeds', table([
      ['Sha', seed => filecastLink(seed.sha)],
      ['Label', seed => seed.label],
      ['Subsystem', seed => seed.subsystem],
      ['Size', seed => bytes(seed.sizeBytes)],
      ['Allowed', seed => (seed.allowed ? 'yes' : 'refused')],
      ['Entry', seed => seed.entryState],
    ], seeds, 'no seeds')));
    whenChanged('tasks', envoy.tasks, tasks => show('tasks', table([
      ['Task', task => task.taskId],
      ['Verb', task => task.verb],
      ['State', task => task.state],
      ['Dispatched', task => minute(task.dispatchedAt)],
      ['Result', task => task.output || (task.state === 'pending' ? `expires ${minute(task.expiresAt)}` : '')],
    ], tasks, 'no tasks')));
    whenChanged('problems', envoy.seedProblems, problems => {
      document.getElementById('problems-section').hidden = problems.length === 0;
      show('problems', table([['Path', p => p.path], ['Reason', p => p.reason]], problems));
    });
  }

  // The timeline: what changed and when, newest first; sha subjects link to their filecast.
  const subject = change => (/^[0-9a-f]{64}$/.test(change.subject) ? filecastLink(change.subject) : change.subject);
  const detail = change => (change.kind === 'cached' || change.kind === 'download-finished' ? bytes(Number(change.detail)) : change.detail);
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  poll('/api/v1/envoys/' + encodeURIComponent(hostname) + '/history?since=' + since, 5000, (body, status) => {
    if (status === 200) {
      whenChanged('history', [body.changes, body.more], () => {
        const rows = body.changes.slice().reverse();
        const shown = table([
          ['At', change => local(new Date(change.at))],
          ['Change', change => change.kind],
          ['Subject', subject],
          ['Detail', detail],
        ], rows, 'no changes in the last 24 hours');
        const more = body.more > 0 ? el('p', {class: 'note'}, `… and ${body.more} more change(s) within single resyncs`) : '';
        document.getElementById('history').replaceChildren(shown, more);
      });
    }
  });

  poll('/api/v1/envoys/' + encodeURIComponent(hostname), 2000, (body, status) => {
    if (status === 200) {
      render(body);
    } else {
      const problem = document.getElementById('problem');
      problem.hidden = false;
      problem.textContent = body.message;
    }
  });
})();
