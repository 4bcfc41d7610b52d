import { describe, expect, it } from '@jest/globals';
import { outcomeOfStat, parseReceipt, parseReply } from './smpp-receipt.js';

const text = (stat: string, err = '000') => `id:0A1B2C3D sub:001 dlvrd:001 submit date:2612021030 done date:2612021031 stat:${stat} err:${err} text:`;

describe('delivery receipts', () => {
  it('reads id, stat and err from the standard text when there are no TLVs', () => {
    expect(parseReceipt({ esm_class: 4, source_addr: '13812345678', short_message: { message: text('UNDELIV', '001') } })).toEqual({
      messageId: '0A1B2C3D',
      stat: 'UNDELIV',
      err: '001',
      outcome: 'permanent_failure',
      userMessageReference: undefined,
      to: '13812345678',
    });
  });

  it('prefers the receipted_message_id TLV and reads user_message_reference', () => {
    const r = parseReceipt({ esm_class: 4, short_message: text('DELIVRD'), receipted_message_id: 'abc', user_message_reference: 4711 });
    expect(r).toMatchObject({ messageId: 'abc', outcome: 'delivered', userMessageReference: 4711 });
  });

  it('falls back to the message_state TLV', () => {
    expect(parseReceipt({ esm_class: 4, short_message: '', receipted_message_id: 'x', message_state: 3 })).toMatchObject({ stat: 'EXPIRED', outcome: 'permanent_failure' });
  });

  it('is not a receipt without esm_class 0x04 (a reply from the phone)', () => {
    expect(parseReceipt({ esm_class: 0, short_message: text('DELIVRD') })).toBeUndefined();
  });

  it('reads a reply (上行短信) from a deliver_sm that is not a receipt: sender and text, as decoded or raw', () => {
    expect(parseReply({ esm_class: 0, source_addr: '8613812345678', short_message: { message: '5' } })).toEqual({ from: '8613812345678', text: '5' });
    expect(parseReply({ esm_class: 0, source_addr: ' 13812345678 ', short_message: Buffer.from('3', 'latin1') })).toEqual({ from: '13812345678', text: '3' });
    expect(parseReply({ esm_class: 4, source_addr: '13812345678', short_message: text('DELIVRD') })).toBeUndefined();
    expect(parseReply({ esm_class: 0, source_addr: '', short_message: '5' })).toBeUndefined();
  });

  it('maps stats: DELIVRD delivered; UNDELIV/REJECTD/EXPIRED/DELETED permanent; ACCEPTD/ENROUTE/UNKNOWN ignored', () => {
    expect(['DELIVRD', 'UNDELIV', 'REJECTD', 'EXPIRED', 'DELETED', 'ACCEPTD', 'ENROUTE', 'UNKNOWN'].map(outcomeOfStat)).toEqual([
      'delivered',
      'permanent_failure',
      'permanent_failure',
      'permanent_failure',
      'permanent_failure',
      'ignore',
      'ignore',
      'ignore',
    ]);
  });
});
