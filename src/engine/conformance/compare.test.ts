import { describe, expect, it } from 'vitest';
import { foldFinAcks } from './compare';

const ack = '02:00:00:00:04:01 > 02:00:00:00:02:02 len 66 | 172.16.0.1 > 10.0.1.2 ttl 64 tos 0x0 DF | TCP 80 > EPH1 [.] seq ISN2+1 ack ISN1+2 win 64 [nop,nop,TS] data 0';
const fin = '02:00:00:00:04:01 > 02:00:00:00:02:02 len 66 | 172.16.0.1 > 10.0.1.2 ttl 64 tos 0x0 DF | TCP 80 > EPH1 [F.] seq ISN2+1 ack ISN1+2 win 64 [nop,nop,TS] data 0';
const otherAck = '02:00:00:00:02:02 > 02:00:00:00:04:01 len 66 | 10.0.1.2 > 172.16.0.1 ttl 64 tos 0x0 DF | TCP EPH1 > 80 [.] seq ISN1+2 ack ISN2+2 win 63 [nop,nop,TS] data 0';

describe('comparison equivalences', () => {
  it('a lone ACK of a FIN just before the same side\'s FIN (one jiffy of delayed ACK) equals the piggybacked FIN+ACK', () => {
    expect(foldFinAcks([ack, fin, otherAck])).toEqual([fin, otherAck]);
  });
  it('keeps ACKs that are not followed by that FIN', () => {
    expect(foldFinAcks([ack, otherAck])).toEqual([ack, otherAck]);
    expect(foldFinAcks([otherAck, fin])).toEqual([otherAck, fin]);
  });
});
