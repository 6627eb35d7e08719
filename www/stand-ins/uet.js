// Stand-in for Microsoft Advertising's UET library, served at https://bat.bing.com/bat.js in the
// tests: the install snippet calls `new UET({...})` as soon as the script has loaded, so the
// stand-in defines it, as the real library does. Records that it ran and sends one pixel.
(function () {
  (window.vendorRuns = window.vendorRuns || []).push("bat.bing.com/bat.js");
  window.UET = function (options) {
    var queue = (options && options.q) || [];
    this.push = function () { new Image().src = "https://bat.bing.com/action/0?ti=" + encodeURIComponent(options.ti) + "&evt=" + arguments[0]; };
    for (var i = 0; i < queue.length; i++) this.push(queue[i]);
  };
})();
