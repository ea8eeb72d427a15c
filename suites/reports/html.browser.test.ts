// index.html in a real headless browser (Debian's chromium driven by playwright-core; nothing is
// downloaded): it loads with no console error, shows the run's counts, filters by verdict, and a
// cell opens its evidence. The screenshot stays in the run directory. Without chromium the test is
// skipped with the reason; CI installs it (.ci/run).
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { expect, it } from "vitest";
import { REPORT_VERDICTS } from "../../reports/model.ts";
import { writeReports } from "../../reports/publish.ts";
import type { FuzzResult } from "../fuzz/campaign.ts";
import { PROJECT_ROOT } from "../targets/real.ts";
import { modelRunResults, withOddRows } from "./fixtures.ts";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** Nothing leaves the machine: no updates, no sync, no QUIC, no background requests. */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

it("index.html: loads with no console error, shows the counts, filters, and a cell opens its evidence", async (ctx) => {
  if (!existsSync(CHROMIUM)) ctx.skip(`no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  // A saved failure with its repro script beside it, as the fuzzer leaves them.
  const failures = mkdtempSync(join(tmpdir(), "referee-failures-"));
  writeFileSync(join(failures, "0123456789ab.repro.ts"), "// repro of 0123456789ab\nawait collection.upsert({ ids: [\"a\"] });\n");
  const odd = withOddRows(await modelRunResults());
  const results = { ...odd, fuzz: (odd.fuzz as FuzzResult[]).map((f) => (f.failure ? { ...f, failure: { ...f.failure, file: join(failures, "0123456789ab.json") } } : f)) };
  const runDir = join(PROJECT_ROOT, "reports", "out", "browser-test", results.runId);
  const model = writeReports(runDir, results);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "referee-chromium-")), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("request", (r) => void (!r.url().startsWith("file:") && !r.url().startsWith("data:") && problems.push(`request to ${r.url()}`)));
    await page.goto(pathToFileURL(join(runDir, "index.html")).href);
    await page.waitForSelector("#count-pass");
    for (const v of REPORT_VERDICTS) expect(await page.textContent(`#count-${v}`)).toContain(`${model.counts[v]} ${v}`);
    expect(await page.textContent("#headline")).toContain(`${model.counts.unexpected} unexpected divergence(s)`);

    // A cell opens the evidence of its results: the odd vector's differences and its replay command.
    await page.click('button.cell[data-grid="UPSERT-NORM-007"][data-lane="seekdb-js@1.4.0 on mock"]');
    const details = page.locator("#details");
    await expect.poll(() => details.isVisible()).toBe(true);
    const text = (await details.textContent()) ?? "";
    expect(text).toContain("differs from the spec and from profile seekdb-js@1.4");
    expect(text).toContain("expected");
    expect(text).toContain("npm start -- --vector");
    expect(text).toContain("\\uD800");
    // The fuzz campaign's cell holds the shrunk counterexample and the replay command.
    await page.click('button.cell[data-grid="fuzz campaign"][data-lane="seekdb-js@1.4.0 on mock"]');
    const fuzzText = (await details.textContent()) ?? "";
    expect(fuzzText).toContain("npm start -- replay 0123456789ab");
    expect(fuzzText).toContain("repro script (");
    expect(fuzzText).toContain("// repro of 0123456789ab");
    // Copy works from a file:// page (the clipboard API, or the selection fallback).
    await page.locator("#details button.copy").last().click();
    await expect.poll(() => page.locator("#details button.copy").last().textContent()).toBe("copied");
    await page.screenshot({ path: join(runDir, "screenshot.png") });

    // Filter by verdict: only unexpected cells stay, and the counts follow.
    await page.selectOption("#f-verdict", "unexpected");
    const shown = await page.locator("button.cell").evaluateAll((bs) => bs.map((b) => b.getAttribute("data-verdict")));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(["unexpected"]));
    expect(await page.textContent("#count-pass")).toContain("0 pass");
    await page.selectOption("#f-verdict", "");
    await page.selectOption("#f-group", "LAW");
    expect(await page.locator("#grid th.clause").allTextContents()).toContain("idempotence");
    expect(problems).toEqual([]);
    console.log(`screenshot: ${join(runDir, "screenshot.png")}`);
  } finally {
    await context.close();
  }
}, 120_000);
