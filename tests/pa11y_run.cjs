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
    // A Cookie header given by the caller (an admin session) is also put in the browser's
    // cookie jar, for every server checked: Chromium sends the extra header with the page but
    // not with what the page loads (the admin's JavaScript catalogue got the login page).
    const cookies = (headers.Cookie || "")
      .split(";")
      .map((pair) => pair.trim().split("="))
      .filter(([name]) => name);
    const origins = [...new Set(urls.filter((url) => url.startsWith("http")).map((url) => new URL(url).origin))];
    if (cookies.length && origins.length) {
      const page = await browser.newPage();
      for (const origin of origins) {
        await page.setCookie(...cookies.map(([name, ...value]) => ({ name, value: value.join("="), url: origin })));
      }
      await page.close();
    }
    for (const url of urls) {
      const page = await browser.newPage();
      const report = await pa11y(url, {
        browser,
        page,
        headers,
        standard: "WCAG2AA",
        runners: ["htmlcs", "axe"],
        timeout: 60000,
        includeWarnings: false,
        includeNotices: false,
        // What axe cannot decide (« incomplete »: text over a background image, such as the
        // admin's icon links) is for a person to review, not an error: a warning, left out.
        levelCapWhenNeedsReview: "warning",
      });
      results[url] = report.issues.filter((issue) => issue.type === "error");
      await page.close();
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
