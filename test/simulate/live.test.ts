// `routelint simulate --url`: the live account through a local fake of the management API gives
// the answers of the snapshot `pull` would write; an API failure is exit 2.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SENTINEL_TOKEN, startFakeApi, type FakeApi } from '../pull/fakeApi.js';
import { runCliAsync } from '../pull/runAsync.js';
import { ensureBuilt } from '../support/build.js';

const env = { NETBIRD_API_TOKEN: SENTINEL_TOKEN };
const question = ['--ip', '10.40.1.1', '--from-peer', 'laptop-anna', '-f', 'json'];

let api: FakeApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});
beforeAll(() => ensureBuilt(), 180_000);

describe('routelint simulate --url', () => {
  it('answers on the live account as on the snapshot pull writes', async () => {
    api = await startFakeApi();
    const live = await runCliAsync(['simulate', '--url', api.url, ...question], env);
    expect([live.status, live.stderr]).toEqual([0, '']);
    const snapshot = join(mkdtempSync(join(tmpdir(), 'routelint-live-')), 'snapshot.json');
    expect((await runCliAsync(['pull', '--url', api.url, '-o', snapshot], env)).status).toBe(0);
    const offline = await runCliAsync(['simulate', snapshot, ...question], env);
    expect(offline.status).toBe(0);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(offline.stdout));
    expect(live.stdout).not.toContain(SENTINEL_TOKEN);
  });

  it('refuses an export and --url together, and fails with one line when the API does', async () => {
    api = await startFakeApi();
    const both = await runCliAsync(['simulate', 'fixtures/demo', '--url', api.url, ...question], env);
    expect(both.status).toBe(2);
    api.failAlways('/api/peers', { status: 401 });
    const r = await runCliAsync(['simulate', '--url', api.url, ...question], env);
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(SENTINEL_TOKEN);
  });
});
