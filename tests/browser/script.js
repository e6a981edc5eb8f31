'use strict';
// The forms' one script (templates/static/form.js), scripts on: the
// warning before leaving a half-filled form (only once something was
// typed, never on sending), the chosen files listed with their sizes, and
// a file over the server's limit taken back before it uploads, in the
// page's language. With scripts off the same forms work (reporter.js).
const fs = require('fs');
const path = require('path');
const { INTAKE, SIZES, t, expect, visitor, checkPage, sql } = require('./lib');

const cases = () => Number(sql('SELECT count(*) FROM cases'));
const MAX_UPLOAD = 10 * 1024 * 1024;	// the test servers' max_upload (the default)

// Follows the header's follow-up link; the dialogs the browser raised on the way.
async function leave(page) {
	const seen = [];
	const onDialog = (d) => { seen.push(d.type()); d.dismiss().catch(() => {}); };
	page.on('dialog', onDialog);
	await page.click('header.site nav a[href="/followup"]');
	await page.waitForTimeout(1500);
	page.off('dialog', onDialog);
	return seen;
}

async function leaveWarning(browser) {
	const v = await visitor(browser, { lang: 'ja', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/report/harassment-self`);
	await t('script: an untouched form is left without a question', async () => {
		const seen = await leave(page);
		expect(seen.length === 0, `dialogs ${seen}`);
		expect(new URL(page.url()).pathname === '/followup', `at ${page.url()}`);
	});
	await page.goto(`${INTAKE}/report/harassment-self`);
	await page.check('#f-category-power');
	await page.fill('#f-what', 'leave-warning 書きかけ');
	await t('script: leaving a half-filled form asks first, and staying keeps the text', async () => {
		const seen = await leave(page);
		expect(seen.includes('beforeunload'), `dialogs [${seen}]`);
		expect(new URL(page.url()).pathname === '/report/harassment-self', `at ${page.url()}`);
		expect(await page.inputValue('#f-what') === 'leave-warning 書きかけ', 'text lost');
	});
	const seen = [];
	page.on('dialog', (d) => { seen.push(d.type()); d.dismiss().catch(() => {}); });
	const before = cases();
	await Promise.all([page.waitForNavigation(), page.click('#send')]);
	await t('script: sending the half-filled form raises no question and files once', async () => {
		expect(seen.length === 0, `dialogs [${seen}]`);
		expect(new URL(page.url()).pathname === '/receipt', `at ${page.url()}`);
		expect(cases() === before + 1, `${cases() - before} cases`);
	});
	await v.ctx.close();
}

async function fileLimits(browser, lang) {
	const v = await visitor(browser, { lang, size: SIZES[lang === 'ja' ? 0 : 1] });
	const { page } = v;
	const dir = process.env.MDG_STATE;
	const big = path.join(dir, 'browser-too-big.bin');
	const small = path.join(dir, 'browser-small.txt');
	fs.writeFileSync(big, Buffer.alloc(MAX_UPLOAD + 1, 1));
	fs.writeFileSync(small, 'y'.repeat(1500));
	await page.goto(`${INTAKE}/report/harassment-self`);
	const uploads = [];
	page.on('request', (r) => { if (r.method() === 'POST') uploads.push(r.url()); });
	await page.setInputFiles('#f-files', [small, big]);
	await t(`script (${lang}): a file over the limit is taken back at once, with the reason`, async () => {
		await page.waitForSelector('#f-files-refused:not([hidden])');
		const msg = await page.textContent('#f-files-refused');
		expect(msg.includes('browser-too-big.bin') && msg.includes('10.0 MB'), `message '${msg}'`);
		expect(lang === 'ja' ? /上限/.test(msg) : /limit/.test(msg), `language of '${msg}'`);
		const names = await page.$eval('#f-files', (i) => [...i.files].map((f) => f.name));
		expect(names.length === 1 && names[0] === 'browser-small.txt', `still chosen: ${names}`);
		expect(uploads.length === 0, 'something was sent');
	});
	await t(`script (${lang}): the files chosen are listed with their sizes`, async () => {
		const list = await page.textContent('#f-files-chosen');
		expect(list.includes('browser-small.txt (2 KB)') && !list.includes('too-big'), `list '${list}'`);
	});
	await checkPage(v, `form-files-refused-${lang}`);
	await page.setInputFiles('#f-files', []);
	await t(`script (${lang}): choosing no file clears the list and the message`, async () => {
		expect(await page.isHidden('#f-files-chosen') && await page.isHidden('#f-files-refused'), 'still shown');
	});
	await v.ctx.close();
}

async function scriptJourney(browser) {
	await leaveWarning(browser);
	await fileLimits(browser, 'ja');
	await fileLimits(browser, 'en');
}

module.exports = { scriptJourney };
