// Stand-in for LogRocket's recorder, served at https://cdn.logrocket.io/LogRocket.min.js in the
// demo and the tests. LogRocket.init() sets the _lr_ cookies and a localStorage key, as the real
// SDK does, and sends a request to r.logrocket.io. It marks itself loaded on the page.
(function () {
  (window.standIns = window.standIns || []).push("logrocket.js");
  window.LogRocket = {
    init: function (app) {
      window.standIns.push("logrocket-init");
      var org = String(app).split("/")[0];
      try {
        document.cookie = "_lr_uf_-" + org + "=" + Math.random().toString(36).slice(2) + "; path=/; max-age=31536000";
        document.cookie = "_lr_tabs_-" + encodeURIComponent(app) + "=1; path=/";
      } catch (e) { /* cookies unavailable (sandboxed frame) */ }
      try { localStorage.setItem("_lr_id_" + org, String(Date.now())); } catch (e) { /* storage blocked */ }
      new Image().src = "https://r.logrocket.io/i?app=" + encodeURIComponent(app);
      document.documentElement.setAttribute("data-logrocket-loaded", app);
    }
  };
})();
