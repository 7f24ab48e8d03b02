import { beforeEach, describe, expect, it } from 'vitest';
import { flushDrafts, loadDraft, pendingDrafts, storeDraft, type DraftValues, type RecordDraft } from './outbox';

const values = (place: string): DraftValues => ({
  startedAt: null,
  endedAt: null,
  place,
  officers: [],
  notices: {},
  checklist: [],
  findings: [],
  partyPresent: '',
  signaturePng: '',
  signedName: '',
  refused: false,
  refusalReason: '',
  recordingLink: '',
});

describe('record drafts on the device', () => {
  beforeEach(() => window.localStorage.clear());

  it('keeps every edit with a growing revision and sends only what the server lacks', async () => {
    storeDraft('533103', 'I1', 'c-1', values('一楼'));
    const second = storeDraft('533103', 'I1', 'c-1', values('二楼'));
    expect(second.revision).toBe(2);
    expect(loadDraft('533103', 'I1')?.values.place).toBe('二楼');

    // offline: the send fails, the draft stays pending
    const sent: RecordDraft[] = [];
    expect(await flushDrafts('533103', async () => 'retry')).toBe(0);
    expect(pendingDrafts('533103')).toHaveLength(1);

    // back online: sent once, then nothing more to send
    expect(
      await flushDrafts('533103', async (d) => {
        sent.push(d);
        return 'received';
      }),
    ).toBe(1);
    expect(await flushDrafts('533103', async (d) => (sent.push(d), 'received'))).toBe(0);
    expect(sent.map((d) => [d.clientId, d.revision])).toEqual([['c-1', 2]]);
  });

  it('continues from the server revision of a draft it did not create', () => {
    const draft = storeDraft('533103', 'I2', 'server-c', values('x'), 5);
    expect(draft.revision).toBe(6);
    expect(draft.sentRevision).toBe(5);
  });
});
