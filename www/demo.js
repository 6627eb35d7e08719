// Demo page shell: shows what ran and the current consent. No consent logic lives here.
(function () {
  function show() {
    var ran = window.standIns || [];
    document.getElementById("status-ga").textContent = ran.indexOf("gtag.js") >= 0 ? "running" : "held";
    document.getElementById("status-lr").textContent = ran.indexOf("logrocket-init") >= 0 ? "recording" : "held";
    var video = document.querySelector("#video iframe");
    document.getElementById("status-video").textContent = video && video.getAttribute("src") ? "loaded" : "held";
    document.getElementById("consent-record").textContent = JSON.stringify(window.ConsentGate && ConsentGate.getConsent(), null, 2);
  }
  document.addEventListener("consentgate:change", function () { setTimeout(show, 300); });
  window.addEventListener("load", show);
  setInterval(show, 1000);
  show();
})();
