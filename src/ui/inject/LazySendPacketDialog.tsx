import { Suspense, useState } from 'react';
import { lazyNamed } from '../lazy';
import { useSendPacket } from './sendPacketStore';

// The dialog and its form (with the config reader that prefills addresses) are a chunk of their own.
const SendPacketDialog = lazyNamed(() => import('./SendPacketDialog'), 'SendPacketDialog');

/**
 * "Send a packet here…", mounted once first opened (then kept, as a closed native dialog). Its
 * chunk is prefetched in idle time; until it is there, an opening waits for it with nothing
 * drawn (the modal appears when it can take focus).
 */
export function LazySendPacketDialog() {
  const open = useSendPacket((s) => s.device !== undefined);
  const [opened, setOpened] = useState(false);
  if (open && !opened) setOpened(true);
  return opened ? (
    <Suspense fallback={null}>
      <SendPacketDialog />
    </Suspense>
  ) : null;
}
