'use strict';
// The counselors' side: invite -> password and TOTP setup -> log in ->
// queue -> case -> reply -> note -> close; an analyst's statistics and an
// administrator's audit log. Every page is checked like the reporter's.
const { REVIEW, SIZES, t, expect, visitor, checkPage, admin, totp, sql } = require('./lib');

const PASSWORD = 'Kokoro-no-mado-2026-browser';

// Invites name, sets the password and TOTP in the browser, logs in.
async function enrol(browser, name, role, channels, opts) {
	const v = await visitor(browser, opts);
	const { page } = v;
	const out = admin('user', 'invite', name, role, ...channels);
	const token = (out.match(/token=([A-Za-z0-9_-]+)/) || [])[1];
	await t(`${role} ${name}: the invitation prints a setup link`, () => expect(token, out));
	await page.goto(`${REVIEW}/setup?token=${token}`);
	if (role === 'counselor') await checkPage(v, 'setup-password');
	await page.fill('#password', PASSWORD);
	await page.fill('#confirm', PASSWORD);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/setup"] button[type=submit]')]);
	const secret = (await page.textContent('#totp-secret')).trim();
	await t(`${role} ${name}: setup shows a TOTP secret and its QR code`, async () => {
		expect(/^[A-Z2-7]{16,}$/.test(secret), `secret '${secret}'`);
		expect(await page.locator('img[src^="/setup/qr.svg"]').count() === 1, 'no QR code');
	});
	if (role === 'counselor') await checkPage(v, 'setup-totp', { reload: false });
	await page.fill('#code', totp(secret));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/setup/confirm"] button[type=submit]')]);
	await t(`${role} ${name}: confirming the code leads to the login page`, () =>
		expect(new URL(page.url()).pathname === '/login', page.url()));
	if (role === 'counselor') await checkPage(v, 'login');
	await page.fill('#username', name);
	await page.fill('#password', PASSWORD);
	// setup spent this 30-second step; the next one is accepted as drift
	await page.fill('#code', totp(secret, 30));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
	await t(`${role} ${name}: logs in with password and TOTP`, () =>
		expect(new URL(page.url()).pathname !== '/login', `still at ${page.url()}`));
	return v;
}

// The counselor exists before the case is filed: a case is sealed to the
// recipients of its channel at that moment.
async function counselorEnrol(browser) {
	return enrol(browser, 'browser_counselor', 'counselor',
		['harassment', 'mental_health'], { lang: 'ja', size: SIZES[1] });
}

// What the database says about who can open a case, for a failure's message.
function whoHolds(caseId) {
	return `case: ${sql(`SELECT channel_id || ' ' || status FROM cases WHERE id = '${caseId}'`)}; ` +
		`holders: ${sql(`SELECT string_agg(coalesce(u.username, k.holder), ',') FROM case_keys k ` +
			`LEFT JOIN counselors u ON u.id = k.counselor_id WHERE k.case_id = '${caseId}'`)}; ` +
		`counselor: ${sql(`SELECT active || ' ' || (public_key IS NOT NULL) || ' ' || ` +
			`(invite_hash IS NULL) || ' ' || coalesce((SELECT string_agg(channel_id, ',') ` +
			`FROM channel_recipients WHERE counselor_id = c.id), '-') ` +
			`FROM counselors c WHERE username = 'browser_counselor'`)}; ` +
		`recipients of harassment: ${sql(`SELECT count(*) FROM intake_recipients('harassment')`)}`;
}

async function counselorJourney(v, caseId, reply) {
	const { page } = v;
	await page.goto(`${REVIEW}/queue`);
	// the suite's other tests file many cases (urgent ones first): the case
	// is on some page of the queue, reached by its own pager
	await t('the queue lists the case filed in the browser', async () => {
		let pages = 1;
		while (await page.locator(`a[href="/c/${caseId}"]`).count() === 0 && pages < 40) {
			const next = page.locator('p.pager a[href^="/queue?after="]');
			if (await next.count() === 0) break;
			await Promise.all([page.waitForNavigation(), next.first().click()]);
			pages++;
		}
		expect(await page.locator(`a[href="/c/${caseId}"]`).count() === 1,
			`not listed on ${pages} pages; ${whoHolds(caseId)}`);
	});
	await checkPage(v, 'queue', { reload: true });
	await page.goto(`${REVIEW}/account`);
	await t('the account page offers mail notices and says access requests come at once', async () =>
		expect(await page.locator('form[action="/account/notify"]').count() === 1 &&
			(await page.textContent('main')).includes('アクセスを依頼したときは'), 'no notice form or no access hint'));
	await checkPage(v, 'account', { reload: true });
	await page.goto(`${REVIEW}/queue?status=new&channel=harassment`);
	await page.goto(`${REVIEW}/c/${caseId}`);
	await t('the case page shows the report decrypted', async () =>
{
		const main = await page.textContent('main');
		expect(main.includes('browser-harassment-self'),
			`report text missing at ${page.url()}: ${main.replace(/\s+/g, ' ').slice(0, 300)}`);
	});
	await page.fill('#message', reply);
	await Promise.all([page.waitForNavigation(), page.click(`form[action="/c/${caseId}/reply"] button[type=submit]`)]);
	await t('the reply is in the thread', async () =>
		expect((await page.textContent('main')).includes(reply), 'reply missing'));
	await page.fill('#note', 'browser-internal-note');
	await Promise.all([page.waitForNavigation(), page.click(`form[action="/c/${caseId}/note"] button[type=submit]`)]);
	await t('the note is kept', async () =>
		expect((await page.textContent('main')).includes('browser-internal-note'), 'note missing'));
	await page.selectOption('#st', 'closed');
	await page.selectOption('#oc', 'advice_given');
	await Promise.all([page.waitForNavigation(), page.click(`form[action="/c/${caseId}/status"] button[type=submit]`)]);
	await t('the case is closed', () =>
		expect(sql(`SELECT status FROM cases WHERE id = '${caseId}'`) === 'closed', 'not closed'));
	await checkPage(v, 'counselor-case-closed', { reload: true });
	await v.ctx.close();
}

async function analystJourney(browser) {
	const v = await enrol(browser, 'browser_analyst', 'analyst', [], { js: false, lang: 'en', size: SIZES[0] });
	await v.page.goto(`${REVIEW}/stats`);
	await t('the analyst sees the statistics', async () =>
		expect(await v.page.locator('table').count() >= 1, 'no table'));
	await checkPage(v, 'stats', { reload: true });
	await v.ctx.close();
}

async function adminJourney(browser) {
	const v = await enrol(browser, 'browser_admin', 'admin', [], { lang: 'ja', size: SIZES[1] });
	await v.page.goto(`${REVIEW}/audit`);
	await t('the administrator sees the audit log with the closing just done', async () =>
		expect(await v.page.locator('table tbody tr').count() >= 1, 'no rows'));
	await checkPage(v, 'audit', { reload: true });
	await v.ctx.close();
}

module.exports = { enrol, counselorEnrol, counselorJourney, analystJourney, adminJourney };
