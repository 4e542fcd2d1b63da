import { expect, test, type Page } from '@playwright/test';

/*
 * Lessons as a learner meets them: the gallery, a lesson's steps jumping to their events in
 * the trace, the question answered by editing the router's config, and what changed between
 * the broken and the fixed scenario. Screenshots land in test-results/ (or SHOTS_DIR).
 */

const shot = (page: Page, name: string) => page.screenshot({ path: `${process.env.SHOTS_DIR ?? 'test-results'}/${name}.png` });

test('hairpin lesson: gallery, a step, the question answered, what changed', async ({ page }) => {
  await page.goto('/?scenario=home-lan');

  // The gallery: one card per built-in scenario.
  await page.getByRole('button', { name: 'Lessons' }).click();
  const gallery = page.getByRole('dialog', { name: 'Lessons' });
  await expect(gallery).toBeVisible();
  await expect(gallery.getByRole('listitem')).toHaveCount(26);
  await expect(gallery.getByRole('button', { name: /Load balancing with statistic/ })).toBeVisible();
  await shot(page, 'lessons-gallery');

  await gallery.getByRole('button', { name: /Hairpin NAT, broken/ }).click();
  await expect(gallery).toBeHidden();
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector.getByRole('heading', { name: 'Hairpin NAT, broken' })).toBeVisible();
  // The about text is there, rendered from markdown.
  await expect(inspector.locator('.lesson-about')).toContainText('PC1 serves port 80');

  // A step whose flow has not run yet: it runs, and the trace jumps to the ARP event.
  const steps = inspector.getByRole('region', { name: 'Lesson steps' });
  const arpStep = steps.getByRole('button', { name: /the router ARPs for 192.168.1.2 with its own address as sender/ });
  await arpStep.click();
  const trace = page.getByRole('region', { name: 'Trace' });
  const current = trace.locator('[aria-current="step"]');
  await expect(current).toContainText('who has 192.168.1.2? tell 192.168.1.1');
  await expect(current).toContainText('router');
  await expect(arpStep).toHaveAttribute('aria-current', 'step');
  // Another step of the same flow jumps without a new run.
  await steps.getByRole('button', { name: /the router DNATs the SYN/ }).click();
  await expect(current).toContainText('DNAT: destination 50.60.70.80:8080 → 192.168.1.2:80');
  await shot(page, 'lesson-panel');

  // The question fails as shipped.
  const question = inspector.getByRole('region', { name: 'Question' });
  await expect(question).toContainText('Make pc2 reach 50.60.70.80:8080');
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Not yet');
  await expect(question.getByRole('status')).toContainText('exited 1');

  // Answer it: the missing MASQUERADE on the router.
  await page.getByRole('region', { name: 'Canvas' }).getByLabel('router (router)').click();
  const editor = page.getByRole('textbox', { name: 'Config' });
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE');
  await page.getByRole('heading', { name: 'Hairpin', exact: true }).click();
  await page.getByRole('button', { name: 'Close inspector' }).click();
  await question.getByRole('button', { name: 'Check' }).click();
  await expect(question.getByRole('status')).toContainText('Passed');

  // What changed: the config line that differs and where the runs part.
  await inspector.getByText('What changed').click();
  const changed = inspector.locator('.what-changed');
  await expect(changed.getByRole('table', { name: 'Config of router, broken and fixed' })).toContainText('+ iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o eth1 -p tcp --dport 80 -j MASQUERADE');
  const parting = changed.getByRole('status');
  await expect(parting).toContainText('event 32 differs');
  await expect(parting).toContainText('nat POSTROUTING: no rule decided; policy ACCEPT');
  await expect(parting).toContainText('nat POSTROUTING: rule 2 of POSTROUTING matched: MASQUERADE');
  await parting.scrollIntoViewIfNeeded();
  await shot(page, 'lesson-what-changed');
  await changed.getByRole('button', { name: 'Open the fixed version' }).click();
  await expect(inspector.getByRole('heading', { name: 'Hairpin NAT, fixed' })).toBeVisible();
});

test('the about text renders as markdown; the gallery in the dark theme', async ({ page }) => {
  await page.goto('/?scenario=load-balancing');
  const about = page.getByRole('region', { name: 'Inspector' }).locator('.lesson-about');
  await expect(about.locator('strong').first()).toHaveText('web1');
  await expect(about.locator('ol li')).toHaveCount(2);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.getByRole('button', { name: 'Lessons' }).click();
  await shot(page, 'lessons-gallery-dark');
});
