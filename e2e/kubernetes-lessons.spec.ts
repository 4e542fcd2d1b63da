import { test } from '@playwright/test';
import { walkLesson, type LessonWalk } from './support';

/*
 * The Kubernetes lessons as a learner meets each: the lesson opens from the gallery, a step
 * jumps to its event in the trace (for the ClusterIP, the statistic rule's draw, which names its
 * probability; in IPVS mode, the real server its scheduler chose), the question fails as
 * shipped, and the answer typed into a device's config makes it pass. Screenshots land in test-results/ (or SHOTS_DIR).
 */


const SEP = 'KUBE-SEP-66J2QQFAYF25ERGS';
const EXT = 'KUBE-EXT-CDGGSHYLG3RE2FKL';
const SVL = 'KUBE-SVL-CDGGSHYLG3RE2FKL';

const LESSONS: LessonWalk[] = [
  {
    name: 'k8s-clusterip-iptables',
    title: 'A ClusterIP in iptables mode',
    step: 1,
    event: 'statistic --mode random --probability 0.50000000000',
    device: 'node1 (host)',
    answer: [`iptables -t nat -N ${SEP}`, `iptables -t nat -A ${SEP} -p tcp -j DNAT --to-destination 10.244.0.4:80`, `iptables -t nat -I KUBE-SERVICES 2 -d 10.96.0.20/32 -p tcp --dport 8080 -j ${SEP}`],
  },
  {
    name: 'k8s-nodeport-iptables',
    title: 'A NodePort from outside the cluster',
    step: 0,
    event: 'MARK: packet mark 0x0 → 0x4000',
    device: 'node2 (host)',
    answer: [`iptables -t nat -N ${SVL}`, `iptables -t nat -A ${SVL} -j KUBE-SEP-PBQ62IOVWGYEN623`, `iptables -t nat -F ${EXT}`, `iptables -t nat -A ${EXT} -j ${SVL}`],
  },
  {
    name: 'k8s-hairpin-broken',
    title: 'Hairpin: a pod reaching its own Service',
    step: 5,
    event: 'without hairpin mode on veth7f0e4d91 the bridge drops it',
    device: 'node1 (host)',
    answer: ['bridge link set dev veth7f0e4d91 hairpin on'],
  },
  {
    // IPVS's scheduler, not a draw: rr's choice is named in the trace; session affinity is -p.
    name: 'k8s-clusterip-ipvs',
    title: 'The same service in IPVS mode',
    step: 2,
    event: 'the rr scheduler chose real server 10.244.0.4:80 (Masq)',
    device: 'node1 (host)',
    answer: ['ipvsadm -E -t 10.96.0.10:80 -s rr -p 10800'],
  },
  {
    // The first of the iptables node's ten draws; the answer removes the IPVS node's stale real server.
    name: 'k8s-many-endpoints',
    title: 'Why large clusters leave iptables',
    step: 1,
    event: 'statistic --mode random --probability 0.10000000009',
    device: 'node_ipvs (host)',
    answer: ['ipvsadm -d -t 10.96.0.10:80 -r 10.244.2.12:80'],
  },
];

for (const lesson of LESSONS) {
  test(`${lesson.name}: from the gallery, a step in the trace, the question answered in the config`, async ({ page }) => {
    await walkLesson(page, lesson);
  });
}
