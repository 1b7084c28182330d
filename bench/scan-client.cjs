/* global module, process, crypto */
'use strict';

/**
 * autocannon setupClient for the scan bench. Runs in autocannon's worker thread and gets its data through the
 * environment (HUIWU_BENCH_SCANS: JSON { path, cookie, csrf, base, stations: [{ gate, badges: [credential] }] }).
 * Each connection is one gate station: it scans its own guests in turn, entry on the first pass and exit on the
 * next, each scan with a fresh nonce and a scan time 100 ms after its previous one.
 */
const plan = JSON.parse(process.env.HUIWU_BENCH_SCANS || '{}');
let next = 0;

module.exports = function setupClient(client) {
  const station = plan.stations[next++ % plan.stations.length];
  const headers = { cookie: plan.cookie, 'x-csrf-token': plan.csrf, 'content-type': 'application/json' };
  let i = 0;
  client.setRequests([
    {
      method: 'POST',
      path: plan.path,
      headers,
      setupRequest: (req) => {
        const n = station.badges.length;
        const scan = {
          credential: station.badges[i % n],
          gate: station.gate,
          direction: Math.floor(i / n) % 2 === 0 ? 'entry' : 'exit',
          nonce: crypto.randomUUID(),
          scannedAt: new Date(plan.base + i * 100).toISOString(),
        };
        i++;
        return { ...req, body: JSON.stringify(scan) };
      },
    },
  ]);
};
