'use strict';
// A check-in as a member of staff answers it: the code typed on the entry
// page (scripts off), the questions, the thank-you page; a second code
// answered with a high K6 leads to the crisis lines first. Every page:
// axe in both languages and screenshots at 390 and 1280.
const fs = require('fs');
const path = require('path');
const { INTAKE, SIZES, t, expect, visitor, checkPage, admin } = require('./lib');

function openRound() {
	const sheet = path.join(process.env.MDG_STATE, 'browser-checkin-sheet.html');
	const closes = new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10);
	admin('cohort', 'add', 'browsercheck', 'ブラウザ確認', 'Browser check');
	admin('round', 'open', 'browsercheck', '--label', 'browser', '--closes', closes,
		'--codes', '2', '--out', sheet);
	return [...fs.readFileSync(sheet, 'utf8')
		.matchAll(/<p class="code" translate="no">([0-9-]+)<\/p>/g)].map((m) => m[1]);
}

async function answer(page, k6) {
	for (let i = 1; i <= 6; i++) await page.check(`input[name="k6_${i}"][value="${k6}"]`);
	await page.check('input[name="selfharm"][value="no"]');
	await page.check('input[name="ci_sleep"][value="good"]');
	await page.check('input[name="ci_talk"][value="yes"]');
	await Promise.all([page.waitForNavigation(),
		page.click('form[action^="/checkin/answer"] button[type=submit]')]);
}

async function checkinJourney(browser) {
	const codes = openRound();
	await t('the round prints two codes for the browser', () => expect(codes.length === 2, codes.join(' ')));
	const v = await visitor(browser, { js: false, lang: 'ja', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/checkin`);
	await checkPage(v, 'checkin-entry', { reload: true });
	await page.fill('#code', codes[0]);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/checkin"] button[type=submit]')]);
	await t('the typed code opens the questions', async () =>
		expect(await page.locator('input[name="k6_1"]').count() > 0, page.url()));
	await checkPage(v, 'checkin-questions', { reload: true });
	await answer(page, 0);
	await t('the answer is thanked and offers a counselor', async () =>
		expect(new URL(page.url()).pathname.startsWith('/checkin') &&
			await page.locator('form[action="/checkin/talk"]').count() === 1, page.url()));
	await checkPage(v, 'checkin-done');
	await page.goto(`${INTAKE}/checkin?c=${codes[1].replace(/-/g, '')}`);
	await answer(page, 4);
	await t('a high K6 answer shows the crisis lines first', async () =>
		expect(await page.locator('main section.crisis a[href="tel:0120279338"]').count() >= 1,
			(await page.textContent('main')).slice(0, 200)));
	await checkPage(v, 'checkin-done-high');
	await v.ctx.close();
}

module.exports = { checkinJourney };
