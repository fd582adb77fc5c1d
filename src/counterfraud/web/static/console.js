// Small enhancements of the console; every page works without them.
"use strict";
(function () {
  // The language switcher applies a choice at once (its button stays for keyboards
  // and for browsers without JavaScript).
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form[data-autosubmit]");
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); }
  });
  // A summary of form errors takes the focus, so a screen reader reads it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".notice-error[role=alert]");
    if (summary) { summary.focus(); }
  });
  // An htmx request refused for an ended session (401) goes to the sign-in page.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status === 401) { window.location.assign("/console/sign-in"); }
  });
})();
