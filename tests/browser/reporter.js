'use strict';
// A reporter's journeys: the four forms with scripts on and off, the
// receipt page reloaded (one case, one receipt), the language switched in
// the middle of a form, follow-up with a reply and a file, wrong receipts.
const fs = require('fs');
const path = require('path');
const { INTAKE, SIZES, t, expect, visitor, checkPage, sql } = require('./lib');

const RECEIPT_RE = /^\d{4}(-\d{4}){6}$/;

// What each form needs (required fields only, by name and value).
const FORMS = {
	'harassment-self': { radios: { category: 'power' }, text: 'what' },
	'harassment-other': { radios: { relation: 'colleague', category: 'customer' }, text: 'what' },
	'wellbeing-self': { radios: { selfharm: 'no' }, text: 'worry' },
	'wellbeing-other': { radios: { relation: 'friend' }, text: 'noticed' },
};

async function fillForm(page, slug, words) {
	const f = FORMS[slug];
	for (const [name, value] of Object.entries(f.radios))
		await page.check(`#f-${name}-${value}`);
	await page.fill(`#f-${f.text}`, words);
}

async function send(page) {
	await Promise.all([page.waitForNavigation(), page.click('#send')]);
}

const cases = () => Number(sql('SELECT count(*) FROM cases'));
const caseIds = () => sql('SELECT id FROM cases').split('\n').filter(Boolean);

// In the page: each short full-width parenthesis (at most 36 bytes of
// UTF-8, the engine's TMPL_PHRASE_MAX) in a heading, label or card title
// that is split over two lines, as "text: line / line".
function splitParentheses() {
	const out = [];
	const bytes = (x) => new TextEncoder().encode(x).length;
	for (const el of document.querySelectorAll('h1, h2, h3, legend, label, dt, .card strong, .parts a')) {
		const chars = [];
		const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		let n;
		while ((n = w.nextNode())) {
			for (let i = 0; i < n.data.length; i++) {
				const r = document.createRange();
				r.setStart(n, i); r.setEnd(n, i + 1);
				const rect = r.getClientRects()[0];
				if (rect) chars.push({ c: n.data[i], top: rect.top });
			}
		}
		for (let i = 0; i < chars.length; i++) {
			if (chars[i].c !== '（') continue;
			let j = i + 1;
			while (j < chars.length && chars[j].c !== '）' && chars[j].c !== '（') j++;
			if (j >= chars.length || chars[j].c !== '）') continue;
			const group = chars.slice(i, j + 1);
			if (bytes(group.map((x) => x.c).join('')) > 36) continue;
			if (group.some((x) => Math.abs(x.top - group[0].top) > 4))
				out.push(el.textContent.trim().replace(/\s+/g, ' '));
		}
	}
	return out;
}

// Japanese line breaks: no short "（…）" split, at both sizes (issue 12:
// "ハラスメントの相談（ほかの人の / こと）" on the landing page's cards).
async function parenthesesWhole(v, name) {
	const { page } = v;
	const size0 = page.viewportSize();
	const bad = [];
	for (const size of SIZES) {
		await page.setViewportSize({ width: size.width, height: size.height });
		for (const x of await page.evaluate(splitParentheses))
			bad.push(`${size.name}: ${x}`);
	}
	await page.setViewportSize(size0);
	await t(`${name}: no short （…） in a heading or label is split over two lines (ja, 390 and 1280)`,
		() => expect(bad.length === 0, bad.join('; ')));
}

// Every page that needs no state, in both languages and at both sizes.
async function tour(browser) {
	const v = await visitor(browser);
	const pages = [['/', 'landing'], ['/followup', 'followup'], ['/how', 'how-it-works'],
		...Object.keys(FORMS).map((s) => [`/report/${s}`, `form-${s}`])];
	for (const [url, name] of pages) {
		const r = await v.page.goto(INTAKE + url);
		await t(`${name} answers 200`, () => expect(r.status() === 200, `status ${r.status()}`));
		// the two forms of each kind share their template and most fields
		await checkPage(v, name, { reload: !/-other$/.test(url) });
		await parenthesesWhole(v, name);
	}
	await v.ctx.close();
}

// One form filed; returns the receipt shown and the case's id.
async function fileOne(browser, slug, { js, lang, size }) {
	const v = await visitor(browser, { js, lang, size });
	const { page } = v;
	const mode = `${slug}, scripts ${js ? 'on' : 'off'}, ${lang}, ${size.name}`;
	let receipt = '';
	await page.goto(`${INTAKE}/report/${slug}`);
	await fillForm(page, slug, `browser-${slug}-${js ? 'js' : 'nojs'} 書いたこと`);
	const before = caseIds();
	await send(page);
	await t(`${mode}: sending lands on the receipt page`, async () => {
		expect(new URL(page.url()).pathname === '/receipt', `at ${page.url()}`);
		receipt = (await page.textContent('#receipt')).trim();
		expect(RECEIPT_RE.test(receipt), `receipt '${receipt}'`);
	});
	// created_at is kept to the hour and a row's place in the table says
	// nothing of its age: the new case is the id that was not there before
	const added = caseIds().filter((id) => !before.includes(id));
	await t(`${mode}: exactly one case was filed`, () =>
		expect(added.length === 1, `${added.length} cases`));
	const caseId = added[0];
	// the same page with scripts off is checked once (crisis block on)
	if (js || slug === 'wellbeing-other')
		await checkPage(v, `receipt-${slug}-${js ? 'js' : 'nojs'}`, { reload: js && slug === 'wellbeing-self' });
	await v.ctx.close();
	return { receipt, caseId };
}

// Reload, Back and Send again: one case, one receipt.
async function reloadJourney(browser) {
	const v = await visitor(browser, { lang: 'ja', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/report/harassment-self`);
	await fillForm(page, 'harassment-self', 'reload-journey');
	const before = cases();
	await send(page);
	const first = (await page.textContent('#receipt')).trim();
	await page.reload();
	await t('reload of the receipt page shows the same receipt', async () => {
		const again = (await page.textContent('#receipt')).trim();
		expect(again === first, `'${again}' after '${first}'`);
	});
	await t('reload of the receipt page files nothing new (one case)', () =>
		expect(cases() === before + 1, `${cases() - before} cases`));
	// a second tab of the same browser has the same link: same receipt
	const p2 = await v.ctx.newPage();
	await p2.goto(page.url());
	await t('the receipt link in another tab of the same browser shows the same receipt', async () =>
		expect((await p2.textContent('#receipt')).trim() === first, 'different'));
	await p2.close();
	// another browser with the link sees nothing
	const other = await visitor(browser);
	const r = await other.page.goto(page.url());
	await t('the receipt link in another browser shows no receipt', async () => {
		expect(r.status() === 404, `status ${r.status()}`);
		expect(await other.page.locator('#receipt').count() === 0, 'receipt shown');
	});
	await checkPage(other, 'receipt-unknown');
	await other.ctx.close();
	await Promise.all([page.waitForNavigation(), page.click('#written')]);
	await t('"I have written it down" leads to the follow-up page', () =>
		expect(new URL(page.url()).pathname === '/followup', page.url()));
	await page.goBack();
	await t('after that the receipt page says it was already shown', async () => {
		expect(await page.locator('#receipt').count() === 0, 'receipt still shown');
		expect(await page.locator('#receipt-status').count() === 1, 'no status text');
	});
	await checkPage(v, 'receipt-gone');
	await t('still one case for the form', () =>
		expect(cases() === before + 1, `${cases() - before} cases`));
	await v.ctx.close();
}

// The language link in the middle of a form keeps what was typed.
async function languageJourney(browser, js) {
	const v = await visitor(browser, { js, lang: 'ja', size: SIZES[1] });
	const { page } = v;
	const words = `mid-form-words ${js ? 'js' : 'nojs'} 上司に言われたこと`;
	await page.goto(`${INTAKE}/report/harassment-other`);
	await page.check('#f-relation-colleague');
	await page.fill('#f-what', words);
	const before = cases();
	await Promise.all([page.waitForNavigation(), page.click('#switch-lang')]);
	const mode = `scripts ${js ? 'on' : 'off'}`;
	await t(`language switch mid-form (${mode}) shows the form in English`, async () =>
		expect(await page.evaluate(() => document.documentElement.lang) === 'en', 'not English'));
	await t(`language switch mid-form (${mode}) keeps the text typed`, async () =>
		expect(await page.inputValue('#f-what') === words, 'text lost'));
	await t(`language switch mid-form (${mode}) keeps the choice made`, async () =>
		expect(await page.isChecked('#f-relation-colleague'), 'choice lost'));
	await t(`language switch mid-form (${mode}) files nothing`, () =>
		expect(cases() === before, 'a case was filed'));
	await checkPage(v, `form-after-language-switch-${js ? 'js' : 'nojs'}`, { reload: false });
	await page.check('#f-category-power');
	await send(page);
	await t(`the switched form (${mode}) then files`, async () =>
		expect(RECEIPT_RE.test((await page.textContent('#receipt')).trim()), 'no receipt'));
	await v.ctx.close();
}

// Check before sending: the answers shown back, "change" keeps them,
// and "send" from the review files one case. Nothing is filed before.
async function reviewJourney(browser, js) {
	const v = await visitor(browser, { js, lang: js ? 'ja' : 'en', size: SIZES[js ? 0 : 1] });
	const { page } = v;
	const mode = `scripts ${js ? 'on' : 'off'}`;
	const words = `review-journey ${js ? 'js' : 'nojs'}\n二行目 <b>not bold</b>`;
	const file = path.join(process.env.MDG_STATE, 'browser-review.txt');
	fs.writeFileSync(file, 'x'.repeat(2500));
	await page.goto(`${INTAKE}/report/harassment-self`);
	await fillForm(page, 'harassment-self', words);
	await page.setInputFiles('#f-files', file);
	const before = cases();
	await Promise.all([page.waitForNavigation(), page.click('#review')]);
	await t(`review (${mode}) shows the text as typed, markup as text`, async () => {
		const shown = await page.locator('#review-answers .answer', { hasText: 'review-journey' }).textContent();
		expect(shown.replace(/\r\n/g, '\n') === words, `shown '${shown}'`);
		expect(await page.locator('#review-answers b').count() === 0, 'markup rendered');
	});
	await t(`review (${mode}) lists the chosen file with its size`, async () => {
		const li = await page.textContent('#review-file-list');
		expect(li.includes('browser-review.txt') && li.includes('3 KB'), `listed '${li}'`);
	});
	await t(`review (${mode}) files nothing`, () =>
		expect(cases() === before, `${cases() - before} cases`));
	await checkPage(v, `form-review-${js ? 'js' : 'nojs'}`, { reload: false });
	await Promise.all([page.waitForNavigation(), page.click('#change')]);
	await t(`change (${mode}) brings back the form with the text and the choice`, async () => {
		expect((await page.inputValue('#f-what')).replace(/\r\n/g, '\n') === words, 'text lost');
		expect(await page.isChecked('#f-category-power'), 'choice lost');
	});
	await Promise.all([page.waitForNavigation(), page.click('#review')]);
	await Promise.all([page.waitForNavigation(), page.click('#send')]);
	await t(`send from the review (${mode}) lands on the receipt: one case`, async () => {
		expect(RECEIPT_RE.test((await page.textContent('#receipt')).trim()), 'no receipt');
		expect(cases() === before + 1, `${cases() - before} cases`);
	});
	await v.ctx.close();
}

// A missing field: the form comes back with the text and the error tied to it.
async function errorJourney(browser) {
	const v = await visitor(browser, { js: false, lang: 'en', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/report/harassment-self`);
	await page.fill('#f-what', 'kept-after-error');
	// required attributes stop the browser first; an older browser that
	// ignores them gets the server's answer, which is what this checks
	await v.cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
	await page.$eval('form[enctype]', (f) => { f.noValidate = true; });
	await v.cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
	await send(page);
	await t('a missing choice re-renders the form with the text kept', async () =>
		expect(await page.inputValue('#f-what') === 'kept-after-error', 'text lost'));
	await t('the error list links to the field', async () =>
		expect(await page.locator('#errors a[href^="#f-category"]').count() === 1, 'no link'));
	await checkPage(v, 'form-with-errors', { reload: false });
	await v.ctx.close();
}

// Follow-up: the receipt opens the case, the reply and a file go in.
async function followupJourney(browser, receipt, counselorReply) {
	const v = await visitor(browser, { lang: 'ja', size: SIZES[0] });
	const { page } = v;
	await page.goto(`${INTAKE}/followup`);
	await page.fill('#receipt', receipt.replace(/-/g, ' '));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] button[type=submit]')]);
	await t('follow-up with the receipt opens the case page', () =>
		expect(new URL(page.url()).pathname === '/case', page.url()));
	if (counselorReply)
		await t('the counselor\'s reply is on the case page', async () =>
			expect((await page.textContent('main')).includes(counselorReply), 'reply missing'));
	await checkPage(v, 'case', { reload: true });
	const file = path.join(process.env.MDG_STATE, 'browser-evidence.txt');
	fs.writeFileSync(file, 'browser evidence file\n');
	const big = path.join(process.env.MDG_STATE, 'browser-reply-too-big.bin');
	fs.writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 2));
	await page.fill('#message', 'reporter-browser-reply ありがとうございます');
	await page.setInputFiles('#files', [file, big]);
	await t('the reply form takes back a file over the limit before it uploads, and lists the other', async () => {
		await page.waitForSelector('#files-refused:not([hidden])');
		expect((await page.textContent('#files-refused')).includes('browser-reply-too-big.bin'), 'no message');
		expect((await page.textContent('#files-chosen')).includes('browser-evidence.txt (22 B)'), 'not listed');
		expect(await page.$eval('#files', (i) => i.files.length) === 1, 'still chosen');
	});
	await Promise.all([page.waitForNavigation(), page.click('form[action="/case/reply"] button[type=submit]')]);
	await t('the reporter\'s reply is shown in the thread', async () =>
		expect((await page.textContent('main')).includes('reporter-browser-reply'), 'reply missing'));
	await t('the reporter\'s file is listed with the reply', async () =>
		expect(await page.locator('ol.thread a', { hasText: 'browser-evidence.txt' }).count() >= 1, 'file missing'));
	await checkPage(v, 'case-after-reply');
	await v.ctx.close();
}

async function wrongReceipt(browser) {
	const v = await visitor(browser, { js: false, lang: 'en', size: SIZES[1] });
	const { page } = v;
	await page.goto(`${INTAKE}/followup`);
	await page.fill('#receipt', '1234-5678-9012-3456-7890-1234-5670');
	const r = await Promise.all([page.waitForNavigation(),
		page.click('form[action="/followup"] button[type=submit]')]).then((x) => x[0]);
	await t('a mistyped receipt is told apart and kept in the field', async () => {
		expect(r.status() === 400 || r.status() === 404, `status ${r.status()}`);
		expect(await page.locator('[role=alert]').count() === 1, 'no alert');
		expect((await page.inputValue('#receipt')).includes('1234'), 'input lost');
	});
	await checkPage(v, 'followup-wrong-receipt', { reload: false });
	await v.ctx.close();
}

module.exports = { parenthesesWhole, tour, fileOne, reloadJourney, languageJourney, reviewJourney, errorJourney,
	followupJourney, wrongReceipt, FORMS };
