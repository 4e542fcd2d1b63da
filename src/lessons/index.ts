import { dnsResolution, homeLan, vpsSlash32 } from './basics';
import { containerNetworking, dockerDefaultBridge, homeRouterBridge, k8sFlannelVxlan, macvlanContainers } from './containers';
import { k8sClusterIpIpvs, k8sClusterIpIptables, k8sHairpinBroken, k8sHairpinFixed, k8sManyEndpoints, k8sNodePortIptables } from './kubernetes';
import { hairpinBroken, hairpinFixed, loadBalancing, localhostDnat } from './nat';
import { nftHomeRouter, nftIptablesIgnored, nftKubeProxyClusterIp, nftServerFirewall } from './nftables';
import { multiWan, multiWanBroken, returnAsymmetric, returnPolicy } from './routing';
import type { Lesson, LessonPair } from './types';

/*
 * Every built-in scenario's lesson, by scenario name, and the broken/fixed pairs. The
 * gallery shows them in BUILTIN_SCENARIOS order; a test checks that the two lists agree.
 */

export const LESSONS: Readonly<Record<string, Lesson>> = Object.fromEntries(
  [homeLan, vpsSlash32, dnsResolution, hairpinBroken, hairpinFixed, localhostDnat, loadBalancing, returnAsymmetric, returnPolicy, multiWanBroken, multiWan, containerNetworking, dockerDefaultBridge, homeRouterBridge, macvlanContainers, k8sFlannelVxlan, k8sClusterIpIptables, k8sNodePortIptables, k8sHairpinBroken, k8sHairpinFixed, k8sClusterIpIpvs, k8sManyEndpoints, nftServerFirewall, nftHomeRouter, nftIptablesIgnored, nftKubeProxyClusterIp].map((l) => [l.name, l]),
);

function pairOf(broken: Lesson, fixed: Lesson): LessonPair {
  const q = broken.question!;
  return { broken: broken.name, fixed: fixed.name, on: q.on, run: q.run };
}

export const PAIRS: readonly LessonPair[] = [pairOf(hairpinBroken, hairpinFixed), pairOf(returnAsymmetric, returnPolicy), pairOf(multiWanBroken, multiWan), pairOf(k8sHairpinBroken, k8sHairpinFixed)];

export function lessonFor(name: string | undefined): Lesson | undefined {
  // An origin comes from storage or a link: only the lessons' own names, never `constructor`.
  return name && Object.hasOwn(LESSONS, name) ? LESSONS[name] : undefined;
}

/** The pair a scenario belongs to, on either side. */
export function pairFor(name: string | undefined): LessonPair | undefined {
  return PAIRS.find((p) => p.broken === name || p.fixed === name);
}

export type { Lesson, LessonPair, LessonQuestion, LessonStep, SolutionEdit } from './types';
export { locateSteps } from './match';
