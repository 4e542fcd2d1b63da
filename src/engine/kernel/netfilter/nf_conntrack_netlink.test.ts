import { describe, expect, it } from 'vitest';
import { routed, run } from '../../sim/testing';
import { ctnlDelete } from './nf_conntrack_netlink';

/* ctnetlink's delete without a tuple: the whole table goes (ctnetlink_flush_conntrack). */
describe('ctnetlink delete', () => {
  it('IPCTNL_MSG_CT_DELETE empties the conntrack table; the expectation subsystem leaves it be', () => {
    const r = run(routed(['iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT']), 'client', 'ping -c 1 10.0.2.2');
    const router = r.network.stacks.get('router')!;
    expect(router.nf.conntrack.entries()).toHaveLength(1);
    expect(ctnlDelete(router, { subsys: 'expect' })).toBe(0);
    expect(router.nf.conntrack.entries()).toHaveLength(1);
    expect(ctnlDelete(router, { subsys: 'conntrack' })).toBe(0);
    expect(router.nf.conntrack.entries()).toHaveLength(0);
  });
});
