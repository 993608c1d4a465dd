// `routelint report --url`: the live account through a local fake of the management API gives the
// report of the snapshot `pull` would write, under the live name; an API failure is exit 2.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SENTINEL_TOKEN, startFakeApi, type FakeApi } from '../pull/fakeApi.js';
import { runCliAsync } from '../pull/runAsync.js';
import { ensureBuilt } from '../support/build.js';

// SOURCE_DATE_EPOCH: the live report and the snapshot's report carry the same pull time.
const env = { NETBIRD_API_TOKEN: SENTINEL_TOKEN, SOURCE_DATE_EPOCH: '1764237600' };

let api: FakeApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});
beforeAll(() => ensureBuilt(), 180_000);

describe('routelint report --url', () => {
  it('reports on the live account as on the snapshot pull writes', async () => {
    api = await startFakeApi();
    const live = await runCliAsync(['report', '--url', api.url, '--format', 'markdown'], env);
    expect([live.status, live.stderr]).toEqual([0, '']);
    const liveName = `${new URL(api.url).host} (live)`;
    expect(live.stdout).toContain(`Source \`${liveName}\``);

    const snapshot = join(mkdtempSync(join(tmpdir(), 'routelint-live-')), 'snapshot.json');
    expect((await runCliAsync(['pull', '--url', api.url, '-o', snapshot], env)).status).toBe(0);
    const offline = await runCliAsync(['report', snapshot, '--format', 'markdown'], env);
    expect(offline.status).toBe(0);
    expect(live.stdout.split(liveName).join('SOURCE')).toBe(offline.stdout.split(snapshot).join('SOURCE'));
    expect(live.stdout).not.toContain(SENTINEL_TOKEN);
  });

  it('exits 2 with one line when the API fails', async () => {
    api = await startFakeApi();
    api.failAlways('/api/peers', { status: 403 });
    const r = await runCliAsync(['report', '--url', api.url, '-o', join(tmpdir(), 'never-written.html')], env);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^routelint: .*403/);
  });
});
