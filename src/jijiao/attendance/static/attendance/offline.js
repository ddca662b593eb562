// Offline scanning on the staff phone page: codes are kept in this browser with a nonce and
// uploaded when the network is back. The server keys each scan by its nonce, so an upload
// that is retried (or sent twice) never records a scan twice.
(function () {
  "use strict";
  var box = document.getElementById("offline");
  if (!box || !window.localStorage || !window.fetch) { return; }
  var key = "jijiao-offline-scans-" + box.getAttribute("data-session");
  var input = document.getElementById("offline-code");
  var count = document.getElementById("offline-count");
  var results = document.getElementById("offline-results");

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(key, JSON.stringify(items)); count.textContent = items.length; }
  function nonce() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function show(text) {
    var item = document.createElement("li");
    item.textContent = text;
    results.insertBefore(item, results.firstChild);
  }
  function add() {
    var code = input.value.trim();
    if (!code) { return; }
    var items = load();
    items.push({ nonce: nonce(), code: code, scanned_at: new Date().toISOString() });
    save(items);
    input.value = "";
    input.focus();
    show("已保存到本机（" + new Date().toLocaleTimeString() + "）");
  }
  function upload() {
    var items = load();
    if (!items.length || !navigator.onLine) { return; }
    fetch(box.getAttribute("data-upload-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.getAttribute("data-csrf") },
      body: JSON.stringify({ scans: items })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      var done = {};
      data.results.forEach(function (r) {
        done[r.nonce] = true;
        show((r.person || "未知学员") + "：" + r.outcome_label + (r.reason ? "（" + r.reason + "）" : ""));
      });
      save(load().filter(function (item) { return !done[item.nonce]; }));
    }).catch(function (error) { show("上传失败，稍后自动重试：" + error.message); });
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); add(); }
  });
  document.getElementById("offline-add").addEventListener("click", add);
  document.getElementById("offline-upload").addEventListener("click", upload);
  window.addEventListener("online", upload);
  window.setInterval(upload, 30000);
  save(load());
}());
