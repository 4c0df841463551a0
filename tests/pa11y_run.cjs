// Runs pa11y (HTML_CodeSniffer WCAG2AA and axe) on several addresses with one browser: Debian's
// Chromium, never a downloaded one. Reads {"urls": [...], "headers": {...}} on stdin and prints
// {url: [issue, ...]} on stdout, errors only. Called by tests/checkers.py.
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { urls, headers = {}, chromium = "/usr/bin/chromium" } = JSON.parse(input);
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const results = {};
  try {
    for (const url of urls) {
      const report = await pa11y(url, {
        browser,
        headers,
        standard: "WCAG2AA",
        runners: ["htmlcs", "axe"],
        timeout: 60000,
        includeWarnings: false,
        includeNotices: false,
      });
      results[url] = report.issues.filter((issue) => issue.type === "error");
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(2);
});
