'use strict';
// The real-browser suite, run by tests/run.sh against the test servers
// it started: writes PASS/FAIL lines to $MDG_RESULTS like the shell tests.
const fs = require('fs');
const lib = require('./lib');
const rep = require('./reporter');
const cou = require('./counselor');
const checkin = require('./checkin');
const next = require('./next');
const watch = require('./watch');
const access = require('./access');
const script = require('./script');

async function main() {
	fs.mkdirSync(lib.ARTIFACTS, { recursive: true });
	const browser = await lib.launch();
	try {
		await rep.tour(browser);
		const counselor = await cou.counselorEnrol(browser);
		const filed = {};
		let i = 0;
		for (const slug of Object.keys(rep.FORMS)) {
			// scripts on and off, each language and size in turn
			filed[slug] = await rep.fileOne(browser, slug,
				{ js: true, lang: i % 2 ? 'en' : 'ja', size: lib.SIZES[i % 2] });
			await rep.fileOne(browser, slug,
				{ js: false, lang: i % 2 ? 'ja' : 'en', size: lib.SIZES[(i + 1) % 2] });
			i++;
		}
		await rep.reloadJourney(browser);
		await rep.languageJourney(browser, true);
		await rep.languageJourney(browser, false);
		await rep.reviewJourney(browser, true);
		await rep.reviewJourney(browser, false);
		await script.scriptJourney(browser);
		await rep.errorJourney(browser);
		await rep.wrongReceipt(browser);
		await next.nextSteps(browser, counselor);
		await access.accessJourney(browser, counselor, filed['harassment-self'].caseId,
			'browser-harassment-self');
		const reply = 'browser-counselor-reply ご相談ありがとうございます';
		await cou.counselorJourney(counselor, filed['harassment-self'].caseId, reply);
		await rep.followupJourney(browser, filed['harassment-self'].receipt, reply);
		await checkin.checkinJourney(browser);
		await watch.watchJourney(browser, filed['harassment-other'].receipt,
			filed['harassment-other'].caseId);
		await cou.analystJourney(browser);
		await cou.adminJourney(browser);
	} finally {
		await browser.close();
	}
}

main().then(() => {
	const { passed, failed } = lib.counts();
	console.log(`browser: ${passed} passed, ${failed} failed`);
}, (e) => {
	console.error(e);
	fs.appendFileSync(process.env.MDG_RESULTS, `FAIL browser: the suite itself failed: ${String(e.message || e).split('\n')[0]}\n`);
	process.exit(1);
});
