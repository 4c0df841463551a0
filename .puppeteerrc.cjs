// pa11y drives the machine's Chromium (/usr/bin/chromium): never download a browser.
module.exports = { skipDownload: true };
