import { expect, test, type Page } from '@playwright/test';
import { answerInConfig } from './support';

/*
 * The five lessons on a box that holds a network inside itself, as a learner meets each: the
 * lesson opens from the gallery, a step jumps to its event in the trace, the question fails as
 * shipped, and typing the answer into the device's config makes it pass. Screenshots land in
 * test-results/ (or SHOTS_DIR).
 */

const shot = (page: Page, name: string) => page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/${name}.png` });

const LESSONS = [
  { name: 'container-networking', title: 'Container networking by hand', device: 'host (host)', answer: ['iptables -t nat -A OUTPUT -d 10.0.2.15 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.18.0.10:5000'] },
  { name: 'docker-default-bridge', title: "Docker's default bridge", device: 'dockerhost (host)', answer: ['bridge link set dev veth3f1a2b7 hairpin on'] },
  { name: 'home-router-bridge', title: 'A home router whose LAN ports are a bridge', device: 'router (router)', answer: ['ip link set eth3 master br-lan'] },
  {
    name: 'macvlan-containers',
    title: "macvlan: containers on the LAN, and the host that can't reach them",
    device: 'docker_host (host)',
    answer: ['ip link add mv-host link eth0 type macvlan mode bridge', 'ip addr add 192.168.1.11/32 dev mv-host', 'ip link set mv-host up', 'ip route add 192.168.1.50/31 dev mv-host'],
  },
  { name: 'k8s-flannel-vxlan', title: 'Three nodes, pods on each, a VXLAN overlay (as flannel sets it up)', device: 'node3 (host)', answer: ['bridge fdb replace 02:f1:00:00:00:01 dev flannel.1 dst 10.0.1.11 self permanent'] },
];

for (const lesson of LESSONS) {
  test(`${lesson.name}: from the gallery, a step in the trace, the question answered in the config`, async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Lessons' }).click();
    const gallery = page.getByRole('dialog', { name: 'Lessons' });
    await gallery.getByRole('button', { name: new RegExp(lesson.title.replace(/[()]/g, '.')) }).click();
    await expect(gallery).toBeHidden();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    // The scenario's own title, the one on its card.
    await expect(inspector.getByRole('heading', { name: lesson.title })).toBeVisible();

    // The third step: its flow runs and the trace jumps to the event it names.
    const steps = inspector.getByRole('region', { name: 'Lesson steps' });
    const step = steps.getByRole('button').nth(2);
    await step.click();
    await expect(step).toHaveAttribute('aria-current', 'step');
    await expect(page.getByRole('region', { name: 'Trace' }).locator('[aria-current="step"]')).toBeVisible();
    await shot(page, `lesson-${lesson.name}`);

    const question = inspector.getByRole('region', { name: 'Question' });
    await question.getByRole('button', { name: 'Check' }).click();
    await expect(question.getByRole('status')).toContainText('Not yet');

    // The answer, typed at the end of the device's config.
    await answerInConfig(page, lesson.device, lesson.answer);
    // Hairpin mode shows on the bridge port it was set on.
    if (lesson.answer.some((l) => l.includes('hairpin on'))) await expect(page.getByRole('region', { name: 'Canvas' }).getByRole('img', { name: 'hairpin mode on' })).toBeVisible();
  });
}
