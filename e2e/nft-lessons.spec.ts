import { test } from '@playwright/test';
import { walkLesson, type LessonWalk } from './support';

/*
 * The nftables lessons as a learner meets each: the lesson opens from the gallery, a step jumps
 * to its event in the trace (the nft chain that decided, by rule handle or by its policy, or
 * kube-proxy's numgen draw), the question fails as shipped, and `nft add` lines typed into a
 * device's config make it pass.
 * Screenshots land in test-results/ (or SHOTS_DIR).
 */

const LESSONS: LessonWalk[] = [
  {
    name: 'nft-server-firewall',
    title: 'A server firewall in nftables',
    step: 8,
    event: 'nft inet filter input (hook input): no rule decided; policy drop (dropped)',
    device: 'srv (host)',
    answer: ['nft add rule inet filter input tcp dport 80 accept'],
  },
  {
    // ct status dnat: the port forward's connections pass the forward chain's drop policy.
    name: 'nft-home-router',
    title: 'A home router in nftables',
    step: 4,
    event: 'nft inet filter forward (hook forward): rule handle 8 decided: accept',
    device: 'r (router)',
    answer: ['nft add rule ip nat postrouting iifname lan oifname lan ct status dnat masquerade'],
  },
  {
    // iptables' ACCEPT ran first at the hook; nft's policy drop is final.
    name: 'nft-iptables-ignored',
    title: 'My iptables rule does nothing',
    step: 5,
    event: 'nft inet fw input (hook input): no rule decided; policy drop (dropped)',
    device: 's (host)',
    answer: ['nft add rule inet fw input tcp dport 22 accept'],
  },
  {
    // kube-proxy's nftables mode: the service chain's numgen draw picks the endpoint chain.
    name: 'nft-kube-proxy-clusterip',
    title: "A ClusterIP in kube-proxy's nftables mode",
    step: 2,
    event: 'numgen random mod 2: drew',
    device: 'node1 (host)',
    // default/api's chains and its element in @service-ips (the mark rules left out: a pod's connection needs none).
    answer: [
      'nft add chain ip kube-proxy service-FKIP43JP-default/api/tcp/http',
      'nft add chain ip kube-proxy endpoint-HWVACQTK-default/api/tcp/http__10.244.0.4/80',
      'nft add rule ip kube-proxy endpoint-HWVACQTK-default/api/tcp/http__10.244.0.4/80 meta l4proto tcp dnat to 10.244.0.4:80',
      'nft add rule ip kube-proxy service-FKIP43JP-default/api/tcp/http numgen random mod 1 vmap { 0 : goto endpoint-HWVACQTK-default/api/tcp/http__10.244.0.4/80 }',
      'nft add element ip kube-proxy service-ips { 10.96.0.20 . tcp . 8080 : goto service-FKIP43JP-default/api/tcp/http }',
    ],
  },
];

for (const lesson of LESSONS) {
  test(`${lesson.name}: from the gallery, a step in the trace, the question answered in the config`, async ({ page }) => {
    await walkLesson(page, lesson);
  });
}
