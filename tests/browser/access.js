'use strict';
// A counselor who joins after a case was filed holds no key to it: the
// queue lists it apart, without a link, with "ask a colleague for
// access"; the colleague who holds the key sees the request and grants it
// with one button; then the case opens. Pages checked in both languages
// at both sizes.
const { REVIEW, SIZES, t, expect, checkPage, sql } = require('./lib');
const { enrol } = require('./counselor');

// Walks the pages of cases without a key until the case's row shows.
async function findLocked(page, caseId) {
	await page.goto(`${REVIEW}/queue`);
	for (let pages = 0; pages < 200; pages++) {
		if (await page.locator(`#l-${caseId}`).count() === 1) return true;
		const next = page.locator('#locked p.pager a[href*="locked_after="]');
		if (await next.count() === 0) return false;
		await Promise.all([page.waitForNavigation(), next.first().click()]);
	}
	return false;
}

async function accessJourney(browser, holder, caseId, marker) {
	const late = await enrol(browser, 'browser_late', 'counselor', ['harassment'],
		{ js: false, lang: 'en', size: SIZES[0] });
	const { page } = late;
	await t('the late counselor: the older case is listed apart, not linked', async () => {
		expect(await findLocked(page, caseId), 'no row for the case');
		expect(await page.locator(`a[href="/c/${caseId}"]`).count() === 0, 'linked');
		expect(await page.locator(`#l-${caseId} form[action="/queue/request"] button`).count() === 1,
			'no request button');
	});
	await checkPage(late, 'queue-locked', { reload: true });
	await Promise.all([page.waitForNavigation(),
		page.click(`#l-${caseId} form[action="/queue/request"] button`)]);
	await t('asking for access says the request was sent', async () =>
		expect(await page.locator('p.notice[role=status]').count() === 1, page.url()));
	await checkPage(late, 'queue-asked');

	const hp = holder.page;
	await hp.goto(`${REVIEW}/queue`);
	const grant = `#requests form[action="/c/${caseId}/grant"] button`;
	await t('the colleague holding the key sees the request on the queue', async () =>
		expect(await hp.locator(grant).count() === 1, 'no request'));
	await checkPage(holder, 'queue-requests', { reload: true });
	await Promise.all([hp.waitForNavigation(), hp.click(grant)]);
	await t('granting leads to the case page, the request answered', async () => {
		expect(new URL(hp.url()).pathname === `/c/${caseId}`, hp.url());
		expect(sql(`SELECT count(*) FROM audit_log WHERE action = 'case.grant' ` +
			`AND case_id = '${caseId}' AND detail = 'browser_late'`) === '1', 'not audited');
	});

	await page.goto(`${REVIEW}/c/${caseId}`);
	await t('the late counselor now reads the case', async () =>
		expect((await page.textContent('main')).includes(marker), 'report text missing'));
	await late.ctx.close();
}

module.exports = { accessJourney };
