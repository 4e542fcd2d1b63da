/*
 * The record headers of a classic pcap file as tcpdump -w writes it (pcap-savefile(5)): the
 * recorder trims a capture by time and checks that no frame was cut short, and neither needs
 * the frames' bytes. Either byte order, micro- or nanosecond stamps. A record that runs past
 * the end of the file (tcpdump stopped while writing it) ends the walk.
 */

export interface PcapRecordHeader {
  /** Where the record starts (its 16-byte header) and where its bytes end, in the file. */
  start: number;
  end: number;
  /** When it was captured, in epoch seconds. */
  time: number;
  /** The bytes kept and the frame's length on the wire: fewer kept is a frame cut at the snapshot length. */
  captured: number;
  onWire: number;
}

const MICROSECONDS = 0xa1b2c3d4;
const NANOSECONDS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

export function* pcapRecordHeaders(pcap: Uint8Array): Generator<PcapRecordHeader> {
  if (pcap.length < FILE_HEADER) return;
  const view = new DataView(pcap.buffer, pcap.byteOffset, pcap.byteLength);
  const le = [MICROSECONDS, NANOSECONDS].includes(view.getUint32(0, true));
  const magic = view.getUint32(0, le);
  if (magic !== MICROSECONDS && magic !== NANOSECONDS) throw new Error('not a classic pcap file');
  const perSecond = magic === NANOSECONDS ? 1e9 : 1e6;
  for (let start = FILE_HEADER; start + RECORD_HEADER <= pcap.length; ) {
    const captured = view.getUint32(start + 8, le);
    const end = start + RECORD_HEADER + captured;
    if (end > pcap.length) return;
    yield { start, end, time: view.getUint32(start, le) + view.getUint32(start + 4, le) / perSecond, captured, onWire: view.getUint32(start + 12, le) };
    start = end;
  }
}
