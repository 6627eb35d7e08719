// Stand-in for Google's gtag.js, served at https://www.googletagmanager.com/gtag/js in the demo
// and the tests. Like the real one it sets the _ga, _ga_<id> and _gid cookies on the highest
// domain the browser allows ("cookie_domain: auto") and sends hits to google-analytics.com.
// It marks itself loaded on the page so the demo and the tests can see it ran.
(function () {
  var id = (document.currentScript && /[?&]id=([^&]+)/.exec(document.currentScript.src) || [])[1] || "G-UNKNOWN";
  (window.standIns = window.standIns || []).push("gtag.js");
  var host = location.hostname;
  var labels = host.split(".");
  var domains = /^[\d.]+$/.test(host) || labels.length < 2 ? [""] : labels.map(function (_, i) { return labels.slice(i).join("."); }).reverse();
  function setCookie(name, value) {
    try {
      for (var i = 0; i < domains.length; i++) {
        var d = domains[i] ? "; domain=" + domains[i] : "";
        document.cookie = name + "=" + value + "; path=/; max-age=63072000" + d;
        if (document.cookie.indexOf(name + "=") !== -1) return;
      }
    } catch (e) { /* cookies unavailable (sandboxed frame): like gtag.js, carry on */ }
  }
  var client = "GA1.1." + Math.floor(Math.random() * 1e9) + "." + Math.floor(Date.now() / 1000);
  setCookie("_ga", client);
  setCookie("_ga_" + id.replace(/^G-/, ""), "GS1.1." + Math.floor(Date.now() / 1000));
  setCookie("_gid", "GA1.1." + Math.floor(Math.random() * 1e9));
  function hit(en) {
    new Image().src = "https://www.google-analytics.com/g/collect?v=2&tid=" + encodeURIComponent(id) + "&en=" + en + "&cid=" + client;
  }
  window.dataLayer = window.dataLayer || [];
  var queued = window.dataLayer.slice();
  window.dataLayer.push = function (args) {
    if (args && args[0] === "config") {
      window.standIns.push("ga-config");
      hit("page_view");
    }
    return Array.prototype.push.call(this, args);
  };
  queued.forEach(function (args) { if (args && args[0] === "config") hit("page_view"); });
  document.documentElement.setAttribute("data-ga-loaded", id);
})();
