'use strict';
// Issue 12, "every screen says what happens next", in a real browser: the
// receipt's code on a phone's first screen with the crisis lines shown,
// the print page (no script) and its printout, the landing page's first
// line, the reporter's case page with its steps and the identity
// confirmation, and the counselors' refusal page. Every page: axe, both
// languages, both sizes (checkPage).
const { INTAKE, REVIEW, SIZES, t, expect, visitor, checkPage } = require('./lib');

const PHONE = SIZES[0];
const RECEIPT_RE = /^\d{4}(-\d{4}){6}$/;

async function fileCrisis(v) {
	const { page } = v;
	await page.goto(`${INTAKE}/report/wellbeing-self`);
	await page.check('#f-selfharm-often');
	await page.fill('#f-worry', 'next-steps browser 眠れない');
	await Promise.all([page.waitForNavigation(), page.click('#send')]);
	return (await page.textContent('#receipt')).trim();
}

// The receipt with crisis lines on a 390x844 phone, scripts on or off.
async function receiptFirstScreen(browser, lang, js) {
	const v = await visitor(browser, { js, lang, size: PHONE });
	const { page } = v;
	const mode = `${lang}, scripts ${js ? 'on' : 'off'}`;
	const code = await fileCrisis(v);
	await t(`receipt (${mode}): the code is whole on the first screen of a 390x844 phone`, async () => {
		const b = await page.locator('#receipt').boundingBox();
		expect(b && b.y >= 0 && b.y + b.height <= PHONE.height, `code at ${JSON.stringify(b)}`);
	});
	await t(`receipt (${mode}): the short crisis line is above the code, the full list below`, async () => {
		const line = await page.locator('.crisis-line').boundingBox();
		const codeBox = await page.locator('#receipt').boundingBox();
		const full = await page.locator('section.crisis').boundingBox();
		expect(line && line.y + line.height <= codeBox.y, 'crisis line not above');
		expect(line.y + line.height <= PHONE.height, 'crisis line not on the first screen');
		expect(full && full.y > codeBox.y, 'full list not below');
		expect(await page.locator('.crisis-line a[href="tel:110"]').count() === 1, 'no 110 link');
	});
	// one line, two at most: a third pushed the code down (issue 12, ja)
	await t(`receipt (${mode}): the short crisis line takes two lines at most at 390 px, the code box ends on the first screen`, async () => {
		const lines = await page.evaluate(() => {
			const el = document.querySelector('.crisis-line');
			const cs = getComputedStyle(el);
			return (el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) /
				parseFloat(cs.lineHeight);
		});
		expect(Math.round(lines) <= 2, `${lines.toFixed(1)} lines`);
		const box = await page.locator('.receipt-box').boundingBox();
		expect(box.y + box.height <= PHONE.height, `code box ends at ${box.y + box.height}`);
	});
	await t(`receipt (${mode}): the crisis line's link reaches the full list`, async () =>
		expect(await page.locator('.crisis-line a[href="#crisis-h"]').count() === 1 &&
			await page.locator('#crisis-h').count() === 1, 'no link'));
	if (!js) {
		await checkPage(v, `receipt-crisis-${lang}-nojs`);
		await Promise.all([page.waitForNavigation(), page.click('#print')]);
		await t(`print page (${mode}): opens without a script and shows the same code`, async () => {
			expect(new URL(page.url()).pathname === '/receipt/print', page.url());
			expect((await page.textContent('#receipt')).trim() === code, 'other code');
		});
		await checkPage(v, `receipt-print-${lang}`);
		await page.emulateMedia({ media: 'print' });
		await t(`print page (${mode}): the printout holds the code and the follow-up address, not the navigation`, async () => {
			expect(await page.isVisible('#receipt'), 'code not printed');
			expect(RECEIPT_RE.test((await page.textContent('#receipt')).trim()), 'bad code');
			const url = (await page.textContent('#followup-url')).trim();
			expect(await page.isVisible('#followup-url') && url === `${INTAKE}/followup`, `address '${url}'`);
			expect(!(await page.isVisible('header.site')) && !(await page.isVisible('.print-how')), 'screen parts printed');
		});
		await page.emulateMedia({ media: 'screen' });
		await Promise.all([page.waitForNavigation(), page.click('#back-to-receipt')]);
		await t(`print page (${mode}): leads back to the receipt, which still has its "written down" step`, async () =>
			expect(await page.locator('#written').count() === 1, 'no written-down step'));
	}
	await v.ctx.close();
	return code;
}

async function landing(browser, lang) {
	const v = await visitor(browser, { js: false, lang, size: PHONE });
	const { page } = v;
	await page.goto(`${INTAKE}/`);
	await t(`landing (${lang}): the first line of the page is the way to the crisis lines, on one line`, async () => {
		const first = await page.$eval('main', (m) => m.firstElementChild.className);
		expect(first === 'danger-line', `first is '${first}'`);
		const b = await page.locator('.danger-line').boundingBox();
		const lh = await page.$eval('.danger-line', (e) => parseFloat(getComputedStyle(e).lineHeight));
		expect(b.y + b.height <= PHONE.height, 'below the first screen');
		expect(b.height < 2 * lh + 16, `${b.height}px high, line ${lh}px`);
	});
	await t(`landing (${lang}): the work-device warning is before the four choices`, async () => {
		const w = await page.locator('#device-warn').boundingBox();
		const c = await page.locator('.cards').boundingBox();
		expect(w.y + w.height <= c.y, 'warning after the cards');
	});
	await Promise.all([page.waitForURL(/#crisis-h$/), page.click('.danger-line a')]);
	await t(`landing (${lang}): the link scrolls to the crisis lines`, async () => {
		const b = await page.locator('#crisis-h').boundingBox();
		expect(b.y >= 0 && b.y < PHONE.height, `heading at ${b.y}`);
	});
	await v.ctx.close();
}

// The reporter's case page and saying who you are, scripts off.
async function casePage(browser, code) {
	const v = await visitor(browser, { js: false, lang: 'ja', size: PHONE });
	const { page } = v;
	await page.goto(`${INTAKE}/followup`);
	await page.fill('#receipt', code);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/followup"] button[type=submit]')]);
	await t('case page: says what happens next in three steps with dates', async () => {
		expect(await page.locator('ol.steps li.step').count() === 3, 'not three steps');
		expect(await page.locator('ol.steps time[datetime]').count() === 3, 'dates missing');
	});
	await checkPage(v, 'case-next-steps', { reload: true });
	await page.fill('#name', 'ブラウザ 花子');
	await Promise.all([page.waitForNavigation(), page.click('#identity-check')]);
	await t('case page: saying who you are first asks to confirm, saying it cannot be undone', async () => {
		expect(await page.locator('#identity-confirm').count() === 1, 'no confirmation');
		expect((await page.textContent('main')).includes('取り消'), 'no word on undoing');
	});
	await checkPage(v, 'identity-confirm-ja');
	await Promise.all([page.waitForNavigation(), page.click('#identity-back')]);
	await t('case page: going back sends nothing', async () =>
		expect(await page.locator('.identity-done, p.notice').count() === 0, 'sent'));
	await page.fill('#name', 'ブラウザ 花子');
	await Promise.all([page.waitForNavigation(), page.click('#identity-check')]);
	await Promise.all([page.waitForNavigation(), page.click('#identity-confirm')]);
	await t('case page: confirming sends it', async () =>
		expect(new URL(page.url()).search === '?identity=1', page.url()));
	await v.ctx.close();
	// the confirmation page in English (a POST's answer: its own visitor)
	const e = await visitor(browser, { js: false, lang: 'en', size: PHONE });
	await e.page.goto(`${INTAKE}/followup`);
	await e.page.fill('#receipt', code);
	await Promise.all([e.page.waitForNavigation(), e.page.click('form[action="/followup"] button[type=submit]')]);
	await e.page.fill('#contact', 'private mail');
	await Promise.all([e.page.waitForNavigation(), e.page.click('#identity-check')]);
	await checkPage(e, 'identity-confirm-en');
	await e.ctx.close();
}

// A counselor refused a case: the page says so, in both languages.
async function reviewRefusal(v) {
	const r = await v.page.goto(`${REVIEW}/c/${'0'.repeat(32)}`);
	await t('review: a case without access is refused with a page that says so', async () => {
		expect(r.status() === 403, `status ${r.status()}`);
		const text = await v.page.textContent('.error-message');
		expect(/権限がありません|no access to this case/.test(text), text);
	});
	await checkPage(v, 'review-no-access', { reload: true });
	await v.page.goto(`${REVIEW}/queue`);
	// the queue's table, and the cases one cannot open yet when there are any
	await t('review: every table of the queue has a caption', async () => {
		const tables = await v.page.locator('table').count();
		expect(tables >= 1 && await v.page.locator('table > caption').count() === tables,
			`${tables} tables, ${await v.page.locator('table > caption').count()} captions`);
	});
	await checkPage(v, 'queue', { reload: true });
}

// A long form on a phone: the list of parts reaches each part and back.
async function formParts(browser, lang) {
	const v = await visitor(browser, { js: false, lang, size: PHONE });
	const { page } = v;
	await page.goto(`${INTAKE}/report/harassment-self`);
	const n = await page.locator('nav.parts li a').count();
	await t(`long form (${lang}): its parts are listed at the top, on the first screen`, async () => {
		expect(n >= 5, `${n} parts`);
		const b = await page.locator('nav.parts').boundingBox();
		expect(b.y < PHONE.height, 'list below the first screen');
	});
	await page.locator('nav.parts li a').nth(3).click();
	await t(`long form (${lang}): a part's link brings its heading and progress line into view`, async () => {
		const id = new URL(page.url()).hash.slice(1);
		const h = await page.locator(`h2#${id}`).boundingBox();
		expect(h && h.y > -1 && h.y < PHONE.height / 2, `heading at ${h && h.y}`);
		expect((await page.textContent(`h2#${id} + p.part`)).includes(`4 / ${n}`), 'no progress line');
	});
	await v.ctx.close();
}

async function nextSteps(browser, counselor) {
	await formParts(browser, 'ja');
	await formParts(browser, 'en');
	for (const lang of ['ja', 'en']) {
		await landing(browser, lang);
		await receiptFirstScreen(browser, lang, true);
	}
	await receiptFirstScreen(browser, 'en', false);
	const code = await receiptFirstScreen(browser, 'ja', false);
	await casePage(browser, code);
	if (counselor) await reviewRefusal(counselor);
}

module.exports = { nextSteps };
