'use strict';
// Retaliation watch (issue 11): a closed harassment case whose follow-up
// date has come asks the reporter the question on the case page; the page
// is checked with axe and photographed in both languages at 390 and 1280,
// and "I would like to talk" reopens the case.
const { INTAKE, SIZES, t, expect, visitor, checkPage, sql } = require('./lib');

async function watchJourney(browser, receipt, caseId) {
	// closed by hand, its follow-up due today (the close form is tested in test_watch.sh)
	sql(`UPDATE cases SET status = 'closed' WHERE id = '${caseId}'`);
	sql(`INSERT INTO case_watch (case_id, due) VALUES ('${caseId}', current_date)`);
	const v = await visitor(browser, { js: false, lang: 'ja', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/followup`);
	await page.fill('#receipt', receipt);
	await Promise.all([page.waitForNavigation(),
		page.click('form[action="/followup"] button[type=submit]')]);
	await t('a due follow-up asks the question on the case page', async () =>
		expect((await page.textContent('main')).includes('その後、不利益な扱いや嫌がらせはありませんか'),
			'no question'));
	await checkPage(v, 'case-watch', { reload: true });
	await page.check('#watch-talk');
	await Promise.all([page.waitForNavigation(),
		page.click('form[action="/case/watch"] button[type=submit]')]);
	await t('"I would like to talk" reopens the case and says so', async () => {
		expect(sql(`SELECT status FROM cases WHERE id = '${caseId}'`) === 'reopened', 'not reopened');
		expect(await page.locator('[role=status]').count() === 1, 'no notice');
	});
	await checkPage(v, 'case-watch-answered');
	await v.ctx.close();
}

module.exports = { watchJourney };
