'use strict';

/*
 * The /swarm page's history: the status totals over the last day or week (GET /api/v1/swarm/history),
 * one small line chart per total, drawn here as SVG (no chart library, no CDN), refreshed every 30 s.
 * Each chart carries its series as data attributes, so a test reads what is drawn.
 */
(() => {
  const {bytes, el, lineChart} = vigo;
  const RANGES = {day: {hours: 24, stepMinutes: 15}, week: {hours: 24 * 7, stepMinutes: 120}};
  const CHARTS = [
    ['online', 'Envoys online', p => p.envoysOnline, String],
    ['substrateActive', 'Substrate active', p => p.substrateActive, String],
    ['seedingEnvoys', 'Seeding envoys', p => p.seedingEnvoys, String],
    ['fleetFootprintBytes', 'Fleet footprint', p => p.fleetFootprintBytes, bytes],
  ];
  let range = 'day';

  async function refresh() {
    const {hours, stepMinutes} = RANGES[range];
    const to = new Date(Date.now() - 1000); // a second back: a browser clock a little ahead is not "the future"
    // A whole number of steps back, the oldest one inside the horizon (a week is the default horizon).
    const from = new Date(to.getTime() - (hours * 60 - stepMinutes) * 60 * 1000);
    try {
      const response = await fetch(`/api/v1/swarm/history?from=${from.toISOString()}&to=${to.toISOString()}&step=${stepMinutes}m`);
      const body = await response.json();
      const charts = document.getElementById('charts');
      if (!response.ok) {
        charts.replaceChildren(el('p', {class: 'problem'}, body.message));
        return;
      }
      charts.replaceChildren(...CHARTS.map(([id, title, value, format]) => lineChart(id, title, body.points.map(value), format)));
      charts.dataset.range = range;
    } catch (e) {
      // the page's connection banner already says when the server is away
    }
  }

  for (const button of document.querySelectorAll('#history-range button')) {
    button.addEventListener('click', () => {
      range = button.dataset.range;
      document.querySelectorAll('#history-range button').forEach(b => b.setAttribute('aria-pressed', String(b === button)));
      refresh();
    });
  }
  refresh();
  setInterval(refresh, 30000);
})();
