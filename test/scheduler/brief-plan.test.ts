import { describe, expect, it } from 'vitest';
import { briefDayFor, catchUpEnd, dueBriefs, latestBriefRun, nextBriefRun, startOfLocalDay } from '../../src/scheduler/brief-plan.js';

const moscow = { id: 1, briefAt: '09:00', timeZone: 'Europe/Moscow' };
const berlin = { id: 2, briefAt: '09:00', timeZone: 'Europe/Berlin' };
const newYork = { id: 3, briefAt: '09:00', timeZone: 'America/New_York' };
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('nextBriefRun', () => {
  it('runs at 09:00 Moscow (UTC+3, no DST) every day of the year', () => {
    expect(iso(nextBriefRun(moscow, at('2026-11-23T05:00:00Z')).at)).toBe('2026-11-23T06:00:00.000Z');
    expect(iso(nextBriefRun(moscow, at('2026-11-23T06:00:00Z')).at)).toBe('2026-11-24T06:00:00.000Z');
    expect(iso(nextBriefRun(moscow, at('2026-06-30T12:00:00Z')).at)).toBe('2026-07-01T06:00:00.000Z');
    expect(nextBriefRun(moscow, at('2026-11-23T05:00:00Z')).localDay).toBe('2026-11-23');
  });

  it('keeps 09:00 local in Berlin across the March and October switches', () => {
    expect(iso(nextBriefRun(berlin, at('2026-03-27T12:00:00Z')).at)).toBe('2026-03-28T08:00:00.000Z'); // CET
    expect(iso(nextBriefRun(berlin, at('2026-03-28T12:00:00Z')).at)).toBe('2026-03-29T07:00:00.000Z'); // CEST from 29 March
    expect(iso(nextBriefRun(berlin, at('2026-10-24T06:00:00Z')).at)).toBe('2026-10-24T07:00:00.000Z'); // CEST
    expect(iso(nextBriefRun(berlin, at('2026-10-24T12:00:00Z')).at)).toBe('2026-10-25T08:00:00.000Z'); // CET from 25 October
  });

  it('keeps 09:00 local in New York across the March and November switches', () => {
    expect(iso(nextBriefRun(newYork, at('2026-03-07T20:00:00Z')).at)).toBe('2026-03-08T13:00:00.000Z'); // EDT from 8 March
    expect(iso(nextBriefRun(newYork, at('2026-03-06T20:00:00Z')).at)).toBe('2026-03-07T14:00:00.000Z'); // EST
    expect(iso(nextBriefRun(newYork, at('2026-10-31T20:00:00Z')).at)).toBe('2026-11-01T14:00:00.000Z'); // EST from 1 November
  });

  it('moves a time that does not exist on the spring-forward day to the first instant after the gap', () => {
    const early = { id: 4, briefAt: '02:30', timeZone: 'Europe/Berlin' };
    expect(iso(nextBriefRun(early, at('2026-03-28T12:00:00Z')).at)).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
  });
});

describe('latestBriefRun', () => {
  it('finds the run at or before now, on the day of a switch too', () => {
    expect(iso(latestBriefRun(moscow, at('2026-11-23T06:00:00Z')).at)).toBe('2026-11-23T06:00:00.000Z');
    expect(iso(latestBriefRun(moscow, at('2026-11-23T05:59:59Z')).at)).toBe('2026-11-22T06:00:00.000Z');
    expect(iso(latestBriefRun(berlin, at('2026-10-25T07:30:00Z')).at)).toBe('2026-10-24T07:00:00.000Z');
    expect(iso(latestBriefRun(berlin, at('2026-10-25T08:30:00Z')).at)).toBe('2026-10-25T08:00:00.000Z');
  });
});

describe('dueBriefs', () => {
  const none = new Map<number, string>();

  it('sends on time, not marked late, within a tick of 09:00', () => {
    const plan = dueBriefs([moscow], none, at('2026-11-23T06:00:20Z'));
    expect(plan.due).toHaveLength(1);
    expect(plan.due[0]!.late).toBe(false);
    expect(plan.due[0]!.run.localDay).toBe('2026-11-23');
  });

  it('catches up once, marked late, when the bot starts at 09:20', () => {
    const plan = dueBriefs([moscow], none, at('2026-11-23T06:20:00Z'));
    expect(plan.due.map((d) => [d.subscription.id, d.late])).toEqual([[1, true]]);
    const again = dueBriefs([moscow], new Map([[1, '2026-11-23']]), at('2026-11-23T06:21:00Z'));
    expect(again.due).toEqual([]);
    expect(again.missed).toEqual([]);
  });

  it('does not send a stale brief when the bot starts the next day before 09:00', () => {
    const plan = dueBriefs([moscow], new Map([[1, '2026-11-21']]), at('2026-11-23T04:30:00Z'));
    expect(plan.due).toEqual([]);
    expect(plan.missed.map((m) => m.run.localDay)).toEqual(['2026-11-22']);
  });

  it('stops catching up after catchUpHours, and at the end of the local day whichever comes first', () => {
    expect(dueBriefs([moscow], none, at('2026-11-23T17:59:00Z')).due).toHaveLength(1); // 20:59 local
    expect(dueBriefs([moscow], none, at('2026-11-23T18:00:00Z')).missed).toHaveLength(1); // 21:00 = 09:00 + 12 h
    expect(dueBriefs([moscow], none, at('2026-11-23T12:00:00Z'), { catchUpHours: 2 }).missed).toHaveLength(1);
    const evening = { id: 5, briefAt: '20:00', timeZone: 'Europe/Moscow' };
    expect(dueBriefs([evening], none, at('2026-11-23T20:50:00Z')).due).toHaveLength(1); // 23:50 local
    expect(iso(catchUpEnd(evening, latestBriefRun(evening, at('2026-11-23T20:50:00Z'))))).toBe('2026-11-23T21:00:00.000Z');
  });

  it('plans each subscription in its own zone', () => {
    const plan = dueBriefs([moscow, newYork], none, at('2026-11-23T06:00:30Z'));
    // 06:00 UTC is 09:00 in Moscow and 01:00 in New York, whose 09:00 of the 22nd is long past its window (midnight).
    expect(plan.due.map((d) => d.subscription.id)).toEqual([1]);
    expect(plan.missed.map((m) => [m.subscription.id, m.run.localDay])).toEqual([[3, '2026-11-22']]);
  });
});

describe('briefDayFor', () => {
  it('briefs the previous complete day of the shop zone', () => {
    expect(briefDayFor(latestBriefRun(moscow, at('2026-11-23T06:20:00Z')), 'Europe/Moscow')).toBe('2026-11-22');
    // 09:00 in New York is 17:00 in Moscow: still the 23rd there, so the 22nd is briefed.
    expect(briefDayFor(latestBriefRun(newYork, at('2026-11-23T14:00:00Z')), 'Europe/Moscow')).toBe('2026-11-22');
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight, whatever the offset that day', () => {
    expect(iso(startOfLocalDay('2026-11-23', 'Europe/Moscow'))).toBe('2026-11-22T21:00:00.000Z');
    expect(iso(startOfLocalDay('2026-03-29', 'Europe/Berlin'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(startOfLocalDay('2026-03-30', 'Europe/Berlin'))).toBe('2026-03-29T22:00:00.000Z');
  });
});
