import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { asStaff } from '../support/auth.js';
import { postJson, readJson } from '../support/http.js';
import { useTestStack } from '../support/stack.js';

// The README's curl walk (its API section) is what a shop's IT person tries first: every body it sends is sent here,
// in its order, to the real API, parsed from README.md itself, so a change to an action's payload that leaves the
// README behind fails this test.

const stack = useTestStack();

/** The walk's shell block: the one that starts with `API=`. */
const walk = (() => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = readme.split('```sh\n').find((b) => b.startsWith('API='));
  if (!block) throw new Error('README.md has no curl walk (a ```sh block starting with API=)');
  return block.slice(0, block.indexOf('```'));
})();

/** Each `post`/`act` command with its body, joined over the lines a body spans. */
function commands(): { kind: 'post' | 'act'; who: string; target: string; body: string }[] {
  const out: { kind: 'post' | 'act'; who: string; target: string; body: string }[] = [];
  const pattern =
    /(?:^|\()(post|act) \$(?:\(token (\w+) [\w-]+\)|(\w+)) (\S+) '((?:[^']|'\$\(date [^)]*\)'|'[^ \n)']*')*?)'(?=\)|\s*(?:\||$))/gm;
  for (const m of walk.matchAll(pattern))
    out.push({ kind: m[1] as 'post' | 'act', who: (m[2] ?? m[3]) as string, target: m[4] as string, body: m[5] as string });
  return out;
}

const ROLE_OF: Record<string, { role: 'advisor' | 'technician' | 'foreman' | 'qc' | 'manager' | 'admin'; id: string }> = {
  ADV: { role: 'advisor', id: 'adv-lena' },
  TECH: { role: 'technician', id: 'tech-omar' },
  FM: { role: 'foreman', id: 'fm-jo' },
  QC: { role: 'qc', id: 'qc-kim' },
  MGR: { role: 'manager', id: 'mgr-eva' },
  admin: { role: 'admin', id: 'adm-ida' },
};

it("every body of the README's curl walk is taken by the API, from booking to pickup", async () => {
  const found = commands();
  expect(found.map((c) => c.target)).toEqual(
    expect.arrayContaining([
      '/appointments',
      'arrive',
      'submit_estimate',
      'start_work',
      'complete_work',
      'record_qc',
      'record_pickup',
    ]),
  );
  const sig = /SIG='([^']*)'/.exec(walk)?.[1] ?? '';
  const vars: Record<string, string> = { SIG: sig };
  let visitId = '';
  for (const c of found) {
    const who = ROLE_OF[c.who];
    if (!who) throw new Error(`the walk acts as $${c.who}, which this test does not know`);
    const technician = c.who === 'TECH' && vars.TECHID ? { role: 'technician' as const, id: vars.TECHID } : who;
    const body = c.body
      .replace(/'"\$(\w+)"'/g, (_, v: string) => vars[v] ?? '')
      // `+%FT10:00:00Z` is that day at 10:00 UTC, inside the opening hours; read as the time now, the booking fell
      // outside them whenever the suite ran after 18:00 or before 08:00 UTC, and the walk failed with a 409.
      .replace(/'\$\(date -u -d '\+(\d+) (days|hours)' \+%F(T10:00:00Z|T%TZ)\)'/g, (_, n: string, unit: string, at: string) => {
        const then = new Date(Date.now() + Number(n) * (unit === 'days' ? 86_400_000 : 3_600_000)).toISOString();
        return at === 'T%TZ' ? then : `${then.slice(0, 10)}${at}`;
      })
      .replace(/'\$(\w+)'/g, (_, v: string) => vars[v] ?? '');
    const path = c.kind === 'act' ? `/visits/${visitId}/actions/${c.target}` : c.target;
    const res = await postJson(asStaff(stack.app, technician.role, technician.id), path, JSON.parse(body));
    // The test stack's directory already has the walk's staff (adv-lena, tech-omar): "already on file" is the answer then.
    if (res.status === 409 && ['/staff', '/technicians'].includes(c.target)) continue;
    expect(res.status, `${c.kind} ${c.target}: ${await res.clone().text()}`).toBeLessThan(300);
    const answer = await readJson(res);
    if (c.target === '/appointments') visitId = answer.visitId;
    if (c.target === 'submit_estimate') {
      vars.L1 = answer.lines[0].id;
      vars.L2 = answer.lines[1].id;
    }
    if (c.target === 'decide') {
      await expect
        .poll(
          async () =>
            (await readJson(await asStaff(stack.app, 'advisor', 'adv-lena').request(`/visits/${visitId}`))).state.dispatch
              .proposal,
        )
        .not.toBeNull();
      const visit = await readJson(await asStaff(stack.app, 'advisor', 'adv-lena').request(`/visits/${visitId}`));
      vars.TECHID = visit.state.dispatch.proposal.technicianId;
    }
    if (c.target === 'record_qc') vars.TOTAL = String(answer.totals.totalCents);
  }
  const visit = await readJson(await asStaff(stack.app, 'advisor', 'adv-lena').request(`/visits/${visitId}`));
  expect(visit.state.stage).not.toBe('ready_for_pickup');
});
