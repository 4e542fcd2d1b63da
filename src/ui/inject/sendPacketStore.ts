import { create } from 'zustand';

/*
 * Which device the "Send a packet here…" dialog is open for (the inspector's button and the
 * canvas's menu open it), and what had focus before, so closing gives focus back.
 */
export const useSendPacket = create<{ device?: string; opener?: HTMLElement; open(device: string): void; close(): void }>()((set) => ({
  open: (device) => set({ device, opener: document.activeElement instanceof HTMLElement ? document.activeElement : undefined }),
  close: () => set({ device: undefined }),
}));

/** Opens the dialog for `device` (its own button or menu item calls this). */
export function openSendPacket(device: string): void {
  useSendPacket.getState().open(device);
}
