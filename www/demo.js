// Demo page shell: shows what ran and the current consent. No consent logic lives here.
(function () {
  function show() {
    var ran = window.standIns || [];
    document.getElementById("status-ga").textContent = ran.indexOf("gtag.js") >= 0 ? "running" : "held";
    document.getElementById("status-lr").textContent = ran.indexOf("logrocket-init") >= 0 ? "recording" : "held";
    var video = document.querySelector("#video iframe");
    document.getElementById("status-video").textContent = video && video.getAttribute("src") ? "loaded" : "held";
    var vendors = window.vendorRuns || [];
    document.getElementById("status-hj").textContent = vendors.some(function (v) { return v.indexOf("hotjar") >= 0; }) ? "recording" : "held";
    document.getElementById("consent-record").textContent = JSON.stringify(window.ConsentGate && ConsentGate.getConsent(), null, 2);
    var audit = window.ConsentGate ? ConsentGate.audit() : [];
    document.getElementById("audit").textContent = audit.length ? audit.map(function (e) {
      return Math.round(e.time) + " ms  " + (e.granted ? "granted     " : "NOT GRANTED ") + e.service + "  " + e.url;
    }).join("\n") : "none";
  }
  // Released scripts load after the change event: look again once they had time to run.
  document.addEventListener("consentgate:change", function () { show(); setTimeout(show, 250); });
  window.addEventListener("load", function () { show(); setTimeout(show, 250); });
  show();
})();
