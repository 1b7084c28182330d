/* global module, process */
'use strict';

/**
 * autocannon setupClient for the agenda-write bench. It runs in autocannon's worker thread, so it gets its data
 * through the environment (HUIWU_BENCH_AGENDA: JSON [{ cookie, csrf, path }]). Each connection is one logged-in
 * guest who stars a session (PUT) and un-stars it (DELETE), alternately.
 */
const guests = JSON.parse(process.env.HUIWU_BENCH_AGENDA || '[]');
let next = 0;

module.exports = function setupClient(client) {
  const g = guests[next++ % guests.length];
  const headers = { cookie: g.cookie, 'x-csrf-token': g.csrf };
  client.setRequests([
    { method: 'PUT', path: g.path, headers },
    { method: 'DELETE', path: g.path, headers },
  ]);
};
