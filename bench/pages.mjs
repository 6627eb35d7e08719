// The benchmark page, three ways: consent-gate, vanilla-cookieconsent 3.1.0 and Klaro 0.7.22, with
// the same categories, the same texts and the same held tags (two analytics scripts — an external
// one and the inline init after it — one session-replay script and one marketing iframe). Each
// held script records when it ran in window.benchRan. `scale` adds that many held scripts and
// iframes. Every file a page loads is served from this machine.

const TEXT = {
  title: "We value your privacy",
  description: "We use cookies that this site needs to work. With your consent we also use cookies and similar technologies to measure performance, analyse visits, record sessions and show marketing.",
  acceptAll: "Accept all",
  rejectAll: "Reject all",
  preferences: "Preferences",
  preferencesTitle: "Cookie preferences",
  save: "Save choices",
  categories: [
    ["necessary", "Necessary", "Needed for the site to work. Always on."],
    ["analytics", "Analytics", "Understand how visitors use the site, with Google Analytics."],
    ["session-replay", "Session recording", "Record how you use pages so we can find problems, with LogRocket."],
    ["marketing", "Marketing", "Embed content from other sites such as videos."],
  ],
};

const BODY = `<main><h1>Skyline API</h1><p>Ship backends, not boilerplate.</p>
<p>Hosted APIs, auth and queues in one place.</p></main>`;

/** What each banner looks like to the harness: where it appears and its Accept all button. */
export const PEERS = {
  "consent-gate": { banner: "#consent-gate-banner", accept: '#consent-gate-banner [data-action="accept-all"]' },
  "vanilla-cookieconsent": { banner: "#cc-main .cm", accept: '#cc-main .cm [data-role="all"]' },
  klaro: { banner: ".klaro .cookie-notice", accept: ".klaro .cookie-notice .cm-btn-success" },
};

const ran = (label) => `(window.benchRan=window.benchRan||[]).push([${JSON.stringify(label)},performance.now()]);`;

/** A held tag in each peer's markup. kind: external | inline | iframe. */
function held(peer, category, kind, label, service) {
  if (peer === "klaro") {
    if (kind === "iframe") return `<iframe data-name="${service}" data-src="/bench/embed.html" title="${label}" width="320" height="180"></iframe>`;
    if (kind === "external") return `<script type="text/plain" data-type="text/javascript" data-name="${service}" data-src="/bench/vendor.js?${label}"></script>`;
    return `<script type="text/plain" data-type="text/javascript" data-name="${service}">${ran(label)}</script>`;
  }
  if (kind === "iframe" && peer === "consent-gate") {
    return `<iframe data-category="${category}" data-src="/bench/embed.html" title="${label}" width="320" height="180"></iframe>`;
  }
  if (kind === "iframe") {
    // vanilla-cookieconsent gates scripts only (iframes need its separate iframemanager): a held
    // script makes the iframe, as sites using it do.
    return `<script type="text/plain" data-category="${category}">${ran(label)}var f=document.createElement("iframe");f.src="/bench/embed.html";f.title=${JSON.stringify(label)};f.width=320;f.height=180;document.body.appendChild(f);</script>`;
  }
  if (kind === "external") return `<script type="text/plain" data-category="${category}" src="/bench/vendor.js?${label}"></script>`;
  return `<script type="text/plain" data-category="${category}">${ran(label)}</script>`;
}

function heldTags(peer, scale) {
  const tags = [
    held(peer, "analytics", "inline", "analytics-first", "google-analytics"),
    held(peer, "analytics", "external", "analytics-external", "google-analytics"),
    held(peer, "session-replay", "external", "replay", "logrocket"),
    held(peer, "marketing", "iframe", "video", "youtube"),
  ];
  for (let i = 0; i < scale; i++) {
    tags.push(held(peer, "analytics", "inline", `scale-${i}`, "google-analytics"));
    tags.push(held(peer, "marketing", "iframe", `frame-${i}`, "youtube"));
  }
  return tags.join("\n");
}

function head(peer) {
  if (peer === "consent-gate") {
    return `<script type="application/json" id="consent-gate-config">${JSON.stringify({
      language: "en",
      categories: Object.fromEntries(TEXT.categories.map(([name, title, description]) => [name, { title, description, required: name === "necessary" }])),
      translations: { en: { banner_title: TEXT.title, banner_description: TEXT.description, accept_all: TEXT.acceptAll, reject_all: TEXT.rejectAll, preferences: TEXT.preferences, preferences_title: TEXT.preferencesTitle, save: TEXT.save } },
    })}</script>
<script src="/bench/consent-gate/consent-gate.js"></script>`;
  }
  if (peer === "vanilla-cookieconsent") {
    // As its documentation sets it up: run() once the DOM is there (it appends to <body>).
    const sections = TEXT.categories.map(([name, title, description]) => ({ title, description, linkedCategory: name }));
    return `<link rel="stylesheet" href="/bench/vanilla/cookieconsent.css">
<script defer src="/bench/vanilla/cookieconsent.umd.js"></script>
<script>addEventListener("DOMContentLoaded", () => CookieConsent.run(${JSON.stringify({
      hideFromBots: false, // it hides itself from automated browsers by default
      categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, "session-replay": {}, marketing: {} },
      language: { default: "en", translations: { en: {
        consentModal: { title: TEXT.title, description: TEXT.description, acceptAllBtn: TEXT.acceptAll, acceptNecessaryBtn: TEXT.rejectAll, showPreferencesBtn: TEXT.preferences },
        preferencesModal: { title: TEXT.preferencesTitle, acceptAllBtn: TEXT.acceptAll, acceptNecessaryBtn: TEXT.rejectAll, savePreferencesBtn: TEXT.save, closeIconLabel: "Close", sections },
      } } },
    })}));</script>`;
  }
  return `<script>window.klaroConfig = ${JSON.stringify({
    version: 1, elementID: "klaro", storageMethod: "cookie", cookieName: "klaro", default: false, mustConsent: false,
    acceptAll: true, hideDeclineAll: false, noticeAsModal: false, lang: "en",
    translations: { en: {
      consentNotice: { title: TEXT.title, description: TEXT.description, learnMore: TEXT.preferences },
      consentModal: { title: TEXT.preferencesTitle, description: TEXT.description },
      acceptAll: TEXT.acceptAll, ok: TEXT.acceptAll, decline: TEXT.rejectAll, save: TEXT.save,
      purposes: Object.fromEntries(TEXT.categories.map(([name, title]) => [name, title])),
    } },
    services: [
      { name: "google-analytics", title: "Google Analytics", purposes: ["analytics"] },
      { name: "logrocket", title: "LogRocket", purposes: ["session-replay"] },
      { name: "youtube", title: "YouTube", purposes: ["marketing"] },
    ],
  })};</script>
<link rel="stylesheet" href="/bench/klaro/klaro.min.css">
<script defer src="/bench/klaro/klaro-no-css.js"></script>`;
}

/** The same page with no banner and nothing held: what the page costs without a consent manager. */
export function barePage() {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: no banner</title>
</head><body>${BODY}</body></html>`;
}

/** The whole page for `peer`, with `scale` extra held scripts and iframes. */
export function page(peer, scale = 0) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: ${peer}</title>
${head(peer)}
${heldTags(peer, scale)}
</head><body>${BODY}</body></html>`;
}

/** The stand-in vendor script every external held tag loads. */
export const VENDOR_JS = `(window.benchRan=window.benchRan||[]).push([(document.currentScript&&document.currentScript.src.split("?")[1])||"external",performance.now()]);`;

/**
 * The interception benchmark page: the same work (10,000 ordinary DOM nodes, then 200
 * first-party scripts) with the gate in front (`with`, no choice made, so it intercepts
 * everything) or without it. `window.benchWork()` resolves with three times from the start:
 * `inserted`, once everything is inserted and every mutation observer has run (a microtask
 * after the last insertion: the observers' delivery was queued before it); `nextTask`, after a
 * timer task as well (the browser may lay out and paint the 10,000 rows first: that is most of
 * it, and where most of the noise comes from); and `ran`, until all 200 scripts have run.
 * With `resultUrl`, the page runs it itself once loaded and settled (300 ms), posts the result
 * (JSON, or `{"error": …}`) there, and goes to the URL the answer names, if any.
 */
export function interceptionPage(variant, resultUrl) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: interception ${variant}</title>
${variant === "with" ? head("consent-gate") : ""}
<script>
window.benchWork = async function () {
  const t0 = performance.now();
  const box = document.getElementById("work");
  for (let i = 0; i < 10000; i++) {
    const row = document.createElement("div");
    row.className = "row";
    row.textContent = "row " + i;
    box.appendChild(row);
  }
  let count = 0;
  const all = new Promise((resolve) => { window.benchScriptRan = () => { if (++count === 200) resolve(); }; });
  for (let i = 0; i < 200; i++) {
    const s = document.createElement("script");
    s.src = "/bench/first-party.js?" + i;
    document.head.appendChild(s);
  }
  await Promise.resolve();
  const inserted = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 0));
  const nextTask = performance.now() - t0;
  await all;
  return { inserted, nextTask, ran: performance.now() - t0 };
};
${resultUrl ? `addEventListener("load", () => setTimeout(async () => {
  const result = await window.benchWork().catch((e) => ({ error: String(e) }));
  const answer = await fetch(${JSON.stringify(resultUrl)}, { method: "POST", body: JSON.stringify(result) });
  const next = await answer.text();
  if (next) location.replace(next);
}, 300));` : ""}
</script></head><body>${BODY}<div id="work"></div></body></html>`;
}

/** The first-party script the interception benchmark inserts 200 times. */
export const FIRST_PARTY_JS = "window.benchScriptRan();";
