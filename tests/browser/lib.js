'use strict';
// Shared by the browser journeys: Debian's chromium driven by
// playwright-core, results in the suite's PASS/FAIL file, axe-core and
// screenshots for every page visited, and the helpers a journey needs
// (the admin CLI, TOTP codes, a database count). Loopback only.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const env = (k) => {
	if (!process.env[k]) throw new Error(`${k} is not set: run through tests/run.sh`);
	return process.env[k];
};
const INTAKE = env('MDG_INTAKE_URL');
const REVIEW = env('MDG_REVIEW_URL');
for (const u of [INTAKE, REVIEW])
	if (!/^https:\/\/(localhost|127\.0\.0\.1):\d+$/.test(u))
		throw new Error(`refusing to test a non-loopback server: ${u}`);

const ARTIFACTS = process.env.MDG_BROWSER_ARTIFACTS ||
	path.join(__dirname, 'artifacts');
const SIZES = [{ name: '390', width: 390, height: 844 },
	{ name: '1280', width: 1280, height: 800 }];
const LANGS = ['ja', 'en'];
// WCAG 2.2 A and AA rules (axe tags; 2.2 adds only AA rules it can test)
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SRC = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let passed = 0, failed = 0;
function record(ok, name, why) {
	const line = ok ? `PASS browser: ${name}` : `FAIL browser: ${name}: ${why}`;
	fs.appendFileSync(env('MDG_RESULTS'), line + '\n');
	console.log(ok ? `  ok    ${name}` : `  FAIL  ${name}: ${why}`);
	if (ok) passed++; else failed++;
}

// One named check: passes unless fn throws.
async function t(name, fn) {
	const t0 = Date.now();
	try {
		await fn();
		record(true, name + (process.env.MDG_BROWSER_TIMING ? ` [${Date.now() - t0} ms]` : ''));
	} catch (e) {
		record(false, name, String(e && e.message || e).split('\n')[0].slice(0, 300));
	}
}
function expect(cond, what) { if (!cond) throw new Error(what); }

function chromiumPath() {
	for (const dir of (process.env.PATH || '').split(':')) {
		for (const n of ['chromium', 'chromium-browser']) {
			const p = path.join(dir, n);
			try { fs.accessSync(p, fs.constants.X_OK); return p; } catch (e) { /* next */ }
		}
	}
	throw new Error('chromium is not on PATH (scripts/deps.sh installs it)');
}

// A fresh profile each launch (playwright makes a temporary one).
async function launch() {
	return chromium.launch({
		executablePath: chromiumPath(), headless: true,
		args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--metrics-recording-only', '--no-default-browser-check'],
	});
}

// A browsing context: one visitor. js=false turns scripts off in every
// page (the checker turns them on only for the moment axe runs).
async function visitor(browser, { js = true, lang = 'ja', size = SIZES[0] } = {}) {
	const ctx = await browser.newContext({
		ignoreHTTPSErrors: true,	// the test servers' self-signed certificate
		viewport: { width: size.width, height: size.height },
		acceptDownloads: true,
	});
	await setLang(ctx, lang);
	const page = await ctx.newPage();
	page.setDefaultTimeout(30000);
	const cdp = await ctx.newCDPSession(page);
	if (!js) await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
	return { ctx, page, cdp, js };
}

async function setLang(ctx, lang) {
	await ctx.addCookies([INTAKE, REVIEW].map((url) => ({
		name: '__Host-mdg_lang', value: lang, url, secure: true,
		httpOnly: true, sameSite: 'Strict' })));
}

async function axeRun(v) {
	const { page, cdp } = v;
	if (!v.js) await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
	try {
		if (!(await page.evaluate(() => typeof window.axe === 'object')))
			await page.evaluate(AXE_SRC);
		return await page.evaluate((tags) => window.axe.run(document, {
			runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
	} finally {
		if (!v.js) await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
	}
}

function shotName(name, lang, size) {
	return path.join(ARTIFACTS, `${name.replace(/[^a-z0-9-]+/gi, '_')}.${lang}.${size}.png`);
}

// axe (WCAG 2.2 A/AA, zero violations) and a screenshot (the first
// screen) at both sizes; with reload, also in the other language (GET
// pages only: the tour visits every template's GET page in both).
async function checkPage(v, name, { reload = false } = {}) {
	const { page, ctx } = v;
	const bad = [];
	const t0 = Date.now();
	const lang0 = await page.evaluate(() => document.documentElement.lang);
	const langs = reload ? [lang0, ...LANGS.filter((l) => l !== lang0)] : [lang0];
	const size0 = page.viewportSize();
	for (const lang of langs) {
		if (lang !== lang0) { await setLang(ctx, lang); await page.reload(); }
		for (const size of SIZES) {
			await page.setViewportSize({ width: size.width, height: size.height });
			const r = await axeRun(v);
			for (const x of r.violations)
				bad.push(`${lang}/${size.name} ${x.id} (${x.nodes.length}: ${x.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`);
			await page.screenshot({ path: shotName(name, lang, size.name) });
		}
	}
	if (langs.length > 1) { await setLang(ctx, lang0); await page.reload(); }
	await page.setViewportSize(size0);
	if (process.env.MDG_BROWSER_TIMING) console.log(`        ${name}: ${Date.now() - t0} ms`);
	await t(`axe: ${name} (${langs.join('+')}, 390 and 1280)`, () =>
		expect(bad.length === 0, bad.join('; ')));
}

// The admin CLI, the TOTP helper and the database, as the integration tests use them.
function admin(...args) {
	return execFileSync(path.join(env('MDG_BUILD'), 'madoguchi-admin'),
		['-c', env('MDG_CONF'), ...args], { encoding: 'utf8' });
}
function totp(secret, offset = 0) {
	return execFileSync(path.join(env('MDG_BUILD'), 'tests', 'mdg-totp'),
		[secret, String(offset)], { encoding: 'utf8' }).trim();
}
// PostgreSQL's own psql, not Debian's wrapper (which looks at the
// system's clusters, none of which is ours)
function psqlPath() {
	const base = '/usr/lib/postgresql';
	const v = fs.readdirSync(base).filter((d) => /^\d+$/.test(d)).sort((a, b) => b - a)[0];
	return path.join(base, v, 'bin', 'psql');
}
function sql(q) {
	return execFileSync(psqlPath(), ['-X', '-q', '-At',
		`host=${env('MDG_PG_RUN')} dbname=madoguchi user=madoguchi_admin`, '-c', q],
	{ encoding: 'utf8' }).trim();
}

module.exports = { INTAKE, REVIEW, SIZES, ARTIFACTS, t, expect, launch, visitor,
	setLang, checkPage, admin, totp, sql, counts: () => ({ passed, failed }) };
