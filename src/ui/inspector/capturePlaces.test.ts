import { describe, expect, it } from 'vitest';
import { captureInterfaces, capturePlaces } from './TcpdumpView';

describe('capture places of a device', () => {
  it("are its ports in document order, then the interfaces a run saw in it or its namespaces, named as tcpdump and --pcap name them", () => {
    const places = capturePlaces('box', ['eth0', 'eth1'], ['web:eth0', 'box:eth0', 'box:br0', 'box/ns1:eth0', 'boxer:eth0'].map((id) => ({ id })));
    expect(places.map((p) => p.label)).toEqual(['eth0', 'eth1', 'br0', 'ns1:eth0']);
    expect(places.map((p) => p.file)).toEqual(['box-eth0', 'box-eth1', 'box-br0', 'box-ns1-eth0']);
    expect(places[3]).toMatchObject({ id: 'box/ns1:eth0', ns: 'ns1', name: 'eth0' });
  });

  it('name a port the config renamed as tcpdump -i takes it (ip link set eth1 name wan0); its capture file keeps the port', () => {
    const places = capturePlaces('r', ['eth0', 'eth1'], [{ id: 'r:eth1', ifname: 'wan0' }]);
    expect(places[1]).toMatchObject({ id: 'r:eth1', name: 'wan0', label: 'wan0', file: 'r-eth1' });
  });
});

describe('the capture file of a run (Download capture)', () => {
  it("has every port of the document in document order, the run's frames on those they crossed and none on the others, then every other interface the run saw", () => {
    const devices = { gw: { ports: { wan: null, lan: null } }, pc: { ports: { eth0: null } } };
    const run = [
      { id: 'gw:lan', frames: [1, 4] },
      { id: 'pc:eth0', frames: [0, 5] },
      { id: 'gw:br0', frames: [2] },
      { id: 'gw/ns1:eth0', frames: [3] },
    ];
    const ifaces = captureInterfaces(devices, run);
    expect(ifaces.map((p) => p.id)).toEqual(['gw:wan', 'gw:lan', 'pc:eth0', 'gw:br0', 'gw/ns1:eth0']);
    expect(ifaces.map((p) => p.frames)).toEqual([[], [1, 4], [0, 5], [2], [3]]);
  });
});
